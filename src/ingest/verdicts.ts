// Remembers that a dataset version passed the checks, by content digest, so a restart on the same bytes skips them.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../rdf/problem';
import { writeAtomically } from '../store/writeAtomically';

/** Bump when a check in code changes what it accepts, so verdicts of the old checks are not trusted. */
const VERDICT_REVISION = 1;

export interface VerdictCache {
  /** The problems (warnings only) recorded when this version passed, or undefined when it never did here. */
  get(version: string): Promise<Problem[] | undefined>;
  put(version: string, problems: readonly Problem[]): Promise<void>;
}

interface Verdict {
  revision: number;
  key: string;
  problems: Problem[];
}

/**
 * Verdicts as small JSON files in `<root>/forum-ld-verdicts/`, a folder only this user may write. `salt` names the
 * checks that ran (and the software's version), since the dataset version digests only the data's bytes.
 */
export function fileVerdictCache(root: string, salt: string): VerdictCache {
  const dir = path.join(root, 'forum-ld-verdicts');
  const keyOf = (version: string) => createHash('sha256').update(`${VERDICT_REVISION}\0${salt}\0${version}`).digest('hex');
  const fileOf = (key: string) => path.join(dir, `${key.slice(0, 32)}.json`);
  return {
    async get(version) {
      const key = keyOf(version);
      try {
        // Trust only a folder and file of our own that nobody else can write: a planted verdict would skip the checks.
        if (!ownedPrivately(await fs.promises.stat(dir))) return undefined;
        const file = fileOf(key);
        if (!ownedPrivately(await fs.promises.stat(file))) return undefined;
        const v = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Verdict;
        if (v.revision !== VERDICT_REVISION || v.key !== key || !Array.isArray(v.problems)) return undefined;
        if (v.problems.some((p) => p.severity === 'violation')) return undefined;
        return v.problems;
      } catch {
        return undefined;
      }
    },
    async put(version, problems) {
      if (problems.some((p) => p.severity === 'violation')) return;
      const key = keyOf(version);
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const verdict: Verdict = { revision: VERDICT_REVISION, key, problems: [...problems] };
      await writeAtomically(fileOf(key), JSON.stringify(verdict), 0o600);
    },
  };
}

function ownedPrivately(st: fs.Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}
