// Runs the command line in process, as a shell would, with its output and error streams captured.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli';

/** `forum-ld ARGV…`: its exit code and what it wrote to each stream. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c) => {
    o += c;
  });
  err.on('data', (c) => {
    e += c;
  });
  const code = await main(argv, out, err);
  return { code, out: o, err: e };
}
