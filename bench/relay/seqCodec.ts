/**
 * A message number hidden in an update's x and y, so the installation side can
 * tell exactly which send it received (the relay passes on only contract
 * fields, so no timestamp field could travel). Each axis carries 2001 steps of
 * 0.001 in -1..1: 4 million numbers per phone, hours at 30 Hz.
 */
const STEPS = 2001;

export function encodeSeq(seq: number): { x: number; y: number } {
  const low = seq % STEPS;
  const high = Math.floor(seq / STEPS) % STEPS;
  return { x: (low - 1000) / 1000, y: (high - 1000) / 1000 };
}

export function decodeSeq(x: number, y: number): number {
  return Math.round(x * 1000 + 1000) + STEPS * Math.round(y * 1000 + 1000);
}

/** A phone's `update` carrying message number `seq`, as the load generators send it. */
export function numberedUpdate(sliderId: number, seq: number): string {
  const { x, y } = encodeSeq(seq);
  return `{"type":"update","sliderId":${sliderId},"x":${x},"y":${y},"speed":50,"angle":90}`;
}
