// Loaded by mocha before any test file (.mocharc.json `require`): each run gets a fresh temporary folder, removed after.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * The config's default cache folder (dumps, and the verdicts of the checks) is os.tmpdir(); a folder reused across
 * runs lets a later run find an earlier run's verdicts and skip the SHACL checks it means to test. Tests build their
 * configs with an empty environment, so a CACHE_DIR here would not reach them; pointing the temp folder itself at a
 * fresh one does, and takes every other temporary file of the run along (fixtures copied by tests, Chromium profiles,
 * child processes and worker threads, which read the same environment). Set at require time, before any test file
 * is loaded; TMP and TEMP are what os.tmpdir() reads on Windows.
 */
export const RUN_TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-test-run-'));
for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = RUN_TMP;

/** Mocha's global teardown: runs once after the last test, before `exit: true` ends the process. */
export function mochaGlobalTeardown(): void {
  // maxRetries: a dump or check thread may still be closing files in it as the run ends.
  fs.rmSync(RUN_TMP, { recursive: true, force: true, maxRetries: 5 });
}
