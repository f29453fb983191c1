import { cpus, totalmem } from 'node:os';

/** What the figures were measured on, for the report. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memory = (totalmem() / 2 ** 30).toFixed(0);
  return `${cores.length} cores (${model}), ${memory} GiB memory, Node ${process.version}, ${process.platform}`;
}
