import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/** What a file that could not be opened is answered with, by its error code. */
export function statusForFileError(code: string | undefined): number {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      // Gone since the file table was made: a rebuild is writing the folder, or a hand moved it.
      return 404;
    case 'EMFILE':
    case 'ENFILE':
      // Out of file descriptors: try again in a moment.
      return 503;
    default:
      return 500;
  }
}

type WriteHead = (...args: unknown[]) => ServerResponse;
type End = (...args: unknown[]) => ServerResponse;

/**
 * sirv answers a file with `res.writeHead(200, ...)` and then
 * `createReadStream(file).pipe(res)`, and nobody listens for that stream's
 * errors: a file that vanished after sirv listed it (a rebuild rewriting the
 * folder) or a process out of descriptors throws an uncaught exception that
 * stops the relay, every phone with it. And a client that leaves mid-file
 * leaves the stream paused, its descriptor open for good.
 *
 * Given to sirv's response, this holds the status line back until the file is
 * open, so a file that cannot be opened gets `answerError` (an error status)
 * instead of a 200 with no body; a file that fails once its bytes flow cuts
 * the response short; and a client's leaving closes the file at once.
 * Anything else sirv answers (304, 404, 416) goes out as it was.
 */
export function guardFileStreams(
  response: ServerResponse,
  onError: (error: NodeJS.ErrnoException) => void,
  answerError: (status: number) => void,
): void {
  const writeHead = response.writeHead as unknown as WriteHead;
  const end = response.end as unknown as End;
  let held: unknown[] | null = null;

  const restore = (): void => {
    response.writeHead = writeHead as unknown as ServerResponse['writeHead'];
    response.end = end as unknown as ServerResponse['end'];
  };
  const release = (): void => {
    restore();
    const args = held;
    held = null;
    if (args !== null) writeHead.apply(response, args);
  };

  response.writeHead = ((...args: unknown[]) => {
    held = args;
    return response;
  }) as unknown as ServerResponse['writeHead'];
  response.end = ((...args: unknown[]) => {
    release();
    return end.apply(response, args);
  }) as unknown as ServerResponse['end'];

  response.once('pipe', (source: Readable) => {
    source.once('ready', release);
    source.on('error', (error: NodeJS.ErrnoException) => {
      onError(error);
      if (held === null) {
        // Bytes of the file may be out already: a cut tells the client, a status cannot.
        response.destroy();
        return;
      }
      held = null;
      restore();
      for (const name of response.getHeaderNames()) response.removeHeader(name);
      answerError(statusForFileError(error.code));
    });
    response.once('close', () => {
      if (!source.destroyed) source.destroy();
    });
  });
}
