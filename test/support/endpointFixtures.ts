// Fixtures for the endpoint's load tests: a generated dataset of a few thousand triples and a query that never ends on it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A cartesian product of three unconstrained patterns: (6,000 triples)³ solutions to count. */
export const PATHOLOGICAL = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

let dir: string | undefined;

/** A folder with one N-Triples file of 3,000 things × 2 triples, made once per test run. */
export function cartesianFixture(): string {
  if (dir) return dir;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-ld-cartesian-'));
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = `<http://example.org/id/thing/t${i}>`;
    lines.push(`${s} <https://schema.org/name> "Thing ${i}"@en .`);
    lines.push(`${s} <https://schema.org/position> "${i}"^^<http://www.w3.org/2001/XMLSchema#integer> .`);
  }
  fs.writeFileSync(path.join(dir, 'things.nt'), `${lines.join('\n')}\n`);
  process.once('exit', () => fs.rmSync(dir!, { recursive: true, force: true }));
  return dir;
}
