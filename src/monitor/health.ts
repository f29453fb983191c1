/** Open sockets as the relay counts them (GET /healthz). */
export interface RelayCounts {
  controllers: number;
  installations: number;
}

/** Reads /healthz every `intervalMs` and reports the counts; returns the disposer. */
export function pollHealth(
  url: string,
  onCounts: (counts: RelayCounts | null) => void,
  intervalMs = 1000,
): () => void {
  let stopped = false;
  const poll = async (): Promise<void> => {
    try {
      const response = await fetch(url, { cache: 'no-store' });
      const body = (await response.json()) as RelayCounts;
      if (!stopped) onCounts({ controllers: body.controllers, installations: body.installations });
    } catch {
      if (!stopped) onCounts(null);
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
