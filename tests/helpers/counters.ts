/** How each counter of a by-reason record (from /healthz) moved, leaving out the ones that did not. */
export function counterDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const by = (after[key] ?? 0) - (before[key] ?? 0);
    if (by !== 0) moved[key] = by;
  }
  return moved;
}
