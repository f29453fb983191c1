/**
 * The installation socket for a monitor page at `location`: the relay's root
 * path on the same host, `wss:` under `https:`, and the page's own `?token=`
 * passed on, which a monitor opened from another computer needs (PROTOCOL.md).
 */
export function installationUrl(location: {
  protocol: string;
  host: string;
  search: string;
}): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  const query = token === null ? '' : `?${new URLSearchParams({ token })}`;
  return `${scheme}//${location.host}/${query}`;
}
