/**
 * The shared module's MONITOR_PARAMETER, spelled out: importing a value from
 * it would split it into a chunk of its own shared with the phone app, and
 * the monitor is one script (tests/monitor.html.test.ts).
 */
const MONITOR_PARAMETER = 'monitor';

/**
 * The socket for a monitor page at `location`: the relay's root path on the
 * same host with `?monitor=1`, so the relay counts it as a monitor and sends it
 * the phones report; `wss:` under `https:`, and the page's own `?token=`
 * passed on, which a monitor opened from another computer needs (PROTOCOL.md).
 */
export function installationUrl(location: {
  protocol: string;
  host: string;
  search: string;
}): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ [MONITOR_PARAMETER]: '1' });
  const token = new URLSearchParams(location.search).get('token');
  if (token !== null) query.set('token', token);
  return `${scheme}//${location.host}/?${query}`;
}
