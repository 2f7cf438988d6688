// Every reading of an interpretation graph names its interpretation: statements that read nothing or name no interpretation are refused.
import { strict as assert } from 'node:assert';
import { checkReadings } from '../../src/forum/checkReadings';
import { QuadStore } from '../../src/store/quadStore';
import { parseRdf } from '../../src/rdf/parse';
import { findFormat } from '../../src/rdf/formats';
import { BASE, loadRecord } from '../support';

const PREFIXES = `@prefix rf: <def/forum#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix schema: <https://schema.org/> .`;
const check = async (trig: string) =>
  checkReadings(
    QuadStore.fromQuads(await parseRdf(`${PREFIXES}\n${trig}`, { format: findFormat('trig')!, baseIri: BASE, file: 'x.trig' })),
    BASE,
  );

describe('forum/checkReadings', () => {
  it('the record passes: each materialised reading is stated and derived from its interpretation', async () => {
    const { result } = await loadRecord();
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.deepEqual(checkReadings(result.dataset.store, BASE), []);
  });

  it('refuses a statement of a triple the graph does not hold, or derived from no interpretation; warns of a reading nobody accounts for', async () => {
    const problems = await check(`<graph/i> {
      <id/i/1> a rf:Interpretation ; rf:denotes <id/x> .
      <id/a> schema:areaServed <id/x> .
      <id/i/1/statement-1> a rdf:Statement ; rdf:subject <id/a> ; rdf:predicate schema:areaServed ; rdf:object <id/y> ;
          prov:wasDerivedFrom <id/i/1> .
      <id/i/1/statement-2> a rdf:Statement ; rdf:subject <id/a> ; rdf:predicate schema:areaServed ; rdf:object <id/x> ;
          prov:wasDerivedFrom <id/elsewhere> .
      <id/b> schema:areaServed <id/z> .
    }`);
    const violations = problems.filter((p) => p.severity === 'violation').map((p) => `${p.focusNode}: ${p.message}`);
    assert.equal(violations.length, 2, violations.join('\n'));
    assert.match(violations[0], /statement-1: .*does not hold/);
    assert.match(violations[1], /statement-2: .*prov:wasDerivedFrom rf:Interpretations/);
    const warnings = problems.filter((p) => p.severity === 'warning');
    assert.deepEqual(
      warnings.map((p) => p.focusNode),
      [`${BASE}id/b`],
      "the triple about <id/b> is read by no interpretation; <id/a>'s is stated (badly) and denoted",
    );
  });
});
