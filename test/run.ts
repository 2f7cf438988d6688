// `npm test [-- FILE|DIR ... --mocha-option ...]`: runs mocha over every built test, or over the test files or folders named.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { virtuosoMissing } from './support/virtuoso';

/** The repository root: this file runs as dist/test/run.js. */
const ROOT = path.resolve(__dirname, '..', '..');
/**
 * The HTTP suites that run over both backends (FORUM_LD_BACKEND=virtuoso: test/support/backend.ts): dereferencing,
 * the endpoint, the API and harvesting. Not the suites of the embedded engine's own machinery (query processes,
 * isolation, soak, reloads from files).
 */
export const STORE_SUITES = ['resources', 'sparql', 'api', 'apiInjection', 'dataset', 'discovery', 'jsonld', 'frame', 'fragments'];

/** Every test file, when none is named: the glob .mocharc.json used to hold, which made one-file runs impossible. */
const ALL = 'dist/test/**/*.test.js';

/**
 * The compiled test file or folder for a path as the user writes it: the source (`test/http/sparql.test.ts`) or the
 * build (`dist/test/http/sparql.test.js`). A folder runs every `*.test.js` under it. Undefined for anything else: a
 * mocha option's value, or a path outside the repository.
 */
export function specFor(arg: string, cwd = process.cwd()): string | undefined {
  const abs = path.resolve(cwd, arg);
  const rel = path.relative(ROOT, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const inDist = rel.split(path.sep)[0] === 'dist' ? rel : path.join('dist', rel);
  if (/\.(ts|js)$/.test(inDist)) return path.join(ROOT, inDist.replace(/\.ts$/, '.js'));
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) return path.join(ROOT, inDist, '**', '*.test.js');
  return undefined;
}

/** Splits the arguments into test paths (mapped to dist/) and everything else, which is passed to mocha unchanged. */
export function mochaArgs(argv: readonly string[], cwd = process.cwd()): { specs: string[]; options: string[] } {
  const specs: string[] = [];
  const options: string[] = [];
  for (const arg of argv) {
    const spec = arg.startsWith('-') ? undefined : specFor(arg, cwd);
    if (spec) specs.push(spec);
    else options.push(arg);
  }
  return { specs, options };
}

/** Built test files whose source is gone (moved or deleted since the last build): mocha would run them otherwise. */
export function staleTests(root = ROOT): string[] {
  const dir = path.join(root, 'dist', 'test');
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js') && !fs.existsSync(path.join(root, 'test', f.replace(/\.js$/, '.ts'))))
    .map((f) => path.join(dir, f));
}

function main(): void {
  // npm runs scripts from the package root; INIT_CWD is where `npm test -- path` was typed, so paths resolve from there.
  const { specs, options } = mochaArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  const missing = specs.filter((s) => !s.includes('*') && !fs.existsSync(s));
  if (missing.length) {
    process.stderr.write(
      `no such built test file: ${missing.map((m) => path.relative(ROOT, m)).join(', ')} (is the path right, and was it built?)\n`,
    );
    process.exit(2);
  }
  for (const f of staleTests()) fs.rmSync(f);
  // The same Node binary as this script, so `.ci/run` can run the suite under each Node version it installs.
  const mocha = require.resolve('mocha/bin/mocha.js');
  const run = (args: string[], env: NodeJS.ProcessEnv, then: (code: number) => void) => {
    const child = spawn(process.execPath, [mocha, ...args], { cwd: ROOT, stdio: 'inherit', env });
    // Ctrl-C reaches the child through the terminal's process group; exit as it did.
    child.on('exit', (code, signal) => {
      if (signal) process.kill(process.pid, signal);
      else then(code ?? 1);
    });
  };
  run([...options, ...(specs.length ? specs : [ALL])], process.env, (code) => {
    // The whole suite runs the HTTP suites a second time over a real Virtuoso (the external-store backend).
    if (specs.length || process.env.FORUM_LD_BACKEND) process.exit(code);
    const missing = virtuosoMissing();
    if (missing && process.env.CI !== 'true') {
      process.stdout.write(`\nThe HTTP suites over Virtuoso are skipped: ${missing}.\n`);
      process.exit(code);
    }
    process.stdout.write('\n=== the HTTP suites again, over an external store (Virtuoso 7)\n');
    const store = STORE_SUITES.map((f) => path.join(ROOT, 'dist', 'test', 'http', `${f}.test.js`));
    run([...options, ...store], { ...process.env, FORUM_LD_BACKEND: 'virtuoso' }, (second) => process.exit(code || second));
  });
}

if (require.main === module) main();
