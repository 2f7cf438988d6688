// The test runner's argument mapping: source paths run their built files, folders their tests, options pass through.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mochaArgs, specFor, staleTests } from './run';

const ROOT = path.resolve(__dirname, '..', '..');
const dist = (...p: string[]): string => path.join(ROOT, 'dist', ...p);

describe('test runner (npm test -- FILE)', () => {
  it('maps a test source to its built file, from the root or from a subfolder', () => {
    assert.equal(specFor('test/http/sparql.test.ts', ROOT), dist('test', 'http', 'sparql.test.js'));
    assert.equal(specFor('sparql.test.ts', path.join(ROOT, 'test', 'http')), dist('test', 'http', 'sparql.test.js'));
    assert.equal(specFor('dist/test/http/sparql.test.js', ROOT), dist('test', 'http', 'sparql.test.js'));
  });

  it('runs every test under a folder', () => {
    assert.equal(specFor('test/http', ROOT), dist('test', 'http', '**', '*.test.js'));
  });

  it('leaves mocha options and their values alone, and paths outside the repository', () => {
    const { specs, options } = mochaArgs(['--grep', 'service description', 'test/http/sparql.test.ts', '--reporter', 'dot'], ROOT);
    assert.deepEqual(specs, [dist('test', 'http', 'sparql.test.js')]);
    assert.deepEqual(options, ['--grep', 'service description', '--reporter', 'dot']);
    assert.equal(specFor('/etc/passwd.js', ROOT), undefined);
  });

  it('finds built tests whose source was moved or deleted, so a stale build never runs them', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'run-'));
    for (const f of ['dist/test/a/kept.test.js', 'dist/test/a/moved.test.js', 'test/a/kept.test.ts']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
    assert.deepEqual(staleTests(root), [path.join(root, 'dist', 'test', 'a', 'moved.test.js')]);
    fs.rmSync(root, { recursive: true });
  });
});
