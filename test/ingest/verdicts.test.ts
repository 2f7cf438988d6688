// Verdicts of the checks: a version that passed is not checked again; anything else is, and a planted verdict is ignored.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset, type Validator } from '../../src/ingest/load';
import { fileVerdictCache } from '../../src/ingest/verdicts';
import { FIXTURES } from '../helpers';

describe('store/verdicts', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-verdicts-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A validator that counts its runs and reports what it is told to. */
  function counting(severity?: 'warning' | 'violation'): Validator & { runs: number } {
    const v = Object.assign(
      async () => {
        v.runs++;
        return severity ? [{ severity, message: `a ${severity}` }] : [];
      },
      { runs: 0 },
    );
    return v;
  }

  it('skips the checks for a version that passed, keeping its warnings, and checks again when a byte changes', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'data-'));
    fs.cpSync(path.join(FIXTURES, 'mini'), dir, { recursive: true });
    const verdicts = fileVerdictCache(root, 'test checks');
    const check = counting('warning');
    const load = () => loadDataset({ paths: [dir], baseIri: 'http://example.org/', validators: [check], verdicts });
    const first = await load();
    assert.ok(first.ok);
    assert.equal(check.runs, 1);
    const second = await load();
    assert.ok(second.ok);
    assert.equal(check.runs, 1, 'the same bytes were not checked again');
    assert.deepEqual(second.problems.filter((p) => p.message === 'a warning').length, 1, 'the warnings of the pass are reported again');
    fs.appendFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.ttl') || f.endsWith('.trig'))!), '\n# changed\n');
    assert.ok((await load()).ok);
    assert.equal(check.runs, 2, 'a changed file is checked');
  });

  it('never remembers a failure, and a verdict of other checks (another salt) does not count', async () => {
    const fail = counting('violation');
    const paths = [path.join(FIXTURES, 'mini')];
    const verdicts = fileVerdictCache(root, 'strict checks');
    assert.equal((await loadDataset({ paths, baseIri: 'http://example.org/', validators: [fail], verdicts })).ok, false);
    assert.equal((await loadDataset({ paths, baseIri: 'http://example.org/', validators: [fail], verdicts })).ok, false);
    assert.equal(fail.runs, 2);
    const pass = counting();
    assert.ok(
      (await loadDataset({ paths, baseIri: 'http://example.org/', validators: [pass], verdicts: fileVerdictCache(root, 'lenient checks') }))
        .ok,
    );
    assert.equal(
      (await loadDataset({ paths, baseIri: 'http://example.org/', validators: [fail], verdicts })).ok,
      false,
      'the lenient pass does not excuse the strict checks',
    );
  });

  it('ignores a verdict file that others could have written', async () => {
    const verdicts = fileVerdictCache(root, 'test checks');
    await verdicts.put('v1', []);
    assert.deepEqual(await verdicts.get('v1'), []);
    const folder = path.join(root, 'forum-ld-verdicts');
    const file = path.join(folder, fs.readdirSync(folder)[0]);
    fs.chmodSync(file, 0o666);
    assert.equal(await verdicts.get('v1'), undefined, 'a world-writable verdict is not trusted');
    fs.chmodSync(file, 0o600);
    fs.chmodSync(folder, 0o777);
    assert.equal(await verdicts.get('v1'), undefined, 'nor one in a world-writable folder');
    assert.equal(await verdicts.get('v2'), undefined);
  });
});
