/**
 * node:util's parseArgs names what it did not like in its own words; the
 * commands say it in theirs, as the relay's options do: the option or word,
 * and where to look.
 */
export function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '?';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${flag}" (see --help)`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument "${/'([^']*)'/.exec(message)?.[1] ?? ''}" (see --help)`;
  }
  return `${flag} needs a value (see --help)`;
}
