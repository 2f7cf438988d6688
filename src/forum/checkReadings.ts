// Checks that every reading of an interpretation graph names the interpretation it comes from, so it can be marked.
import { DataFactory } from 'n3';
import type { Validator } from '../ingest/load';
import { readingIndex } from '../publish/readings';
import { Problem } from '../rdf/problem';
import { tripleKey } from '../rdf/termKey';
import { Dataset } from '../store/dataset';
import type { QuadStore } from '../store/quadStore';

const { namedNode } = DataFactory;
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const PROV_DERIVED = 'http://www.w3.org/ns/prov#wasDerivedFrom';

/**
 * In each interpretation graph: an rdf:Statement states one triple that the same graph holds, and is
 * prov:wasDerivedFrom an rf:Interpretation of that graph (violations: a statement that reads nothing, or names no
 * interpretation, would mark a reading wrongly); a materialised triple that no statement or interpretation accounts
 * for is a warning (it is still marked, as a reading of its graph, but without confidence or basis).
 */
export function checkReadings(store: QuadStore, baseIri: string): Problem[] {
  const ds = new Dataset(store, { baseIri, files: [], contexts: new Map(), sources: new Map(), version: '', loadedAt: new Date(0) });
  const index = readingIndex(ds);
  const rf = `${baseIri}def/forum#`;
  const problems: Problem[] = [];
  for (const g of index.graphs) {
    const graph = namedNode(g);
    for (const st of ds.match(null, namedNode(`${RDF_NS}type`), namedNode(`${RDF_NS}Statement`), graph)) {
      const part = (p: string) => ds.match(st.subject, namedNode(`${RDF_NS}${p}`), null, graph).map((q) => q.object);
      const [s, p, o] = [part('subject'), part('predicate'), part('object')];
      const focus = { focusNode: st.subject.value };
      if (s.length !== 1 || p.length !== 1 || o.length !== 1) {
        problems.push({
          severity: 'violation',
          message: "a reading's rdf:Statement needs exactly one rdf:subject, rdf:predicate and rdf:object",
          ...focus,
        });
        continue;
      }
      if (s[0].termType === 'Literal' || p[0].termType !== 'NamedNode' || ds.match(s[0], p[0], o[0], graph).length === 0)
        problems.push({
          severity: 'violation',
          message: `the reading's rdf:Statement states a triple its graph <${g}> does not hold`,
          ...focus,
        });
      const from = ds.match(st.subject, namedNode(PROV_DERIVED), null, graph).map((q) => q.object);
      const interpretations = from.filter(
        (i) => ds.match(i, namedNode(`${RDF_NS}type`), namedNode(`${rf}Interpretation`), graph).length > 0,
      );
      if (interpretations.length === 0 || interpretations.length !== from.length)
        problems.push({
          severity: 'violation',
          message: `the reading's rdf:Statement must be prov:wasDerivedFrom rf:Interpretations of <${g}>`,
          ...focus,
        });
    }
  }
  for (const { quad, readings } of index.triples) {
    if (readings.some((r) => r.interpretation)) continue;
    problems.push({
      severity: 'warning',
      message: `a triple of the interpretation graph <${quad.graph.value}> that no interpretation accounts for (state it as an rdf:Statement prov:wasDerivedFrom its rf:Interpretation): ${tripleKey(quad)}`,
      focusNode: quad.subject.value,
      path: quad.predicate.value,
    });
  }
  return problems;
}

/** The loader hook. */
export function readingsValidator(): Validator {
  return (store, { baseIri }) => checkReadings(store, baseIri);
}
