// Small files written whole or not at all: a reader (or a process that dies mid-write) never sees half of one.
import * as fs from 'node:fs';

/**
 * Writes `data` to a temporary file beside `file` (named `file.<pid>.<time>`, so sweepers can recognise it), then
 * renames it over `file`, which is atomic on one file system.
 */
export async function writeAtomically(file: string, data: string, mode?: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  await fs.promises.writeFile(tmp, data, mode === undefined ? undefined : { mode });
  await fs.promises.rename(tmp, file);
}
