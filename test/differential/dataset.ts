// Seeded datasets for differential testing: a few dozen quads over named graphs (some in the unnamed graph too),
// with blank nodes shared between graphs, language tags, numbers, dates, and triples stated in several graphs.
import type * as RDF from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';
import { Random } from '../../bench/random';
import { CLASSES, GRAPHS, LANG_STRINGS, LITERALS, NUMBERS, OTHERS, PREDICATES, STRINGS, SUBJECTS, termKey } from './vocabulary';

const { blankNode, quad, defaultGraph } = DataFactory;

export interface GeneratedDataset {
  quads: RDF.Quad[];
  /** The same quads as N-Quads: both engines load exactly this text. */
  nquads: string;
  /** What the query generator draws constants from: terms that occur, so patterns match something. */
  subjects: RDF.Term[];
  objects: RDF.Term[];
  literals: RDF.Literal[];
  graphs: RDF.NamedNode[];
  /** Keys (vocabulary.termKey) of every term stored, to tell stored terms from computed ones. */
  stored: Set<string>;
}

/** A dataset of 15–60 quads; `rng` fixes it entirely. */
export function generateDataset(rng: Random): GeneratedDataset {
  const bnodes = Array.from({ length: rng.int(1, 3) }, (_, i) => blankNode(`b${i}`));
  const graphs = rng.some(GRAPHS, rng.int(1, 4));
  const nodes: RDF.Quad_Subject[] = [...rng.some(SUBJECTS, rng.int(3, 6)), ...bnodes];
  // Each dataset uses a slice of the literals, so that constants in queries sometimes occur and sometimes do not.
  const literals = rng.some(LITERALS, rng.int(8, LITERALS.length));
  const pick = <T>(xs: readonly T[], fallback: readonly T[]): T => rng.pick(xs.length ? xs : fallback);
  const objectFor = (p: RDF.NamedNode): RDF.Quad_Object => {
    const strings = literals.filter((l) => STRINGS.includes(l) || LANG_STRINGS.includes(l));
    switch (p) {
      case PREDICATES.link:
        return rng.pick(nodes);
      case PREDICATES.label:
        return pick(strings, STRINGS);
      case PREDICATES.value:
        return pick(
          literals.filter((l) => NUMBERS.includes(l)),
          NUMBERS,
        );
      case PREDICATES.when:
        return pick(
          literals.filter((l) => OTHERS.includes(l) && /date/i.test(l.datatype.value)),
          OTHERS.slice(2, 7),
        );
      case PREDICATES.type:
        return rng.pick(CLASSES);
      default:
        return rng.chance(0.4) ? rng.pick(nodes) : rng.pick(literals);
    }
  };
  const predicates = Object.values(PREDICATES);
  const triples: Array<[RDF.Quad_Subject, RDF.NamedNode, RDF.Quad_Object]> = [];
  const seen = new Set<string>();
  const size = rng.int(10, 40);
  for (let tries = 0; triples.length < size && tries < size * 4; tries++) {
    const s = rng.pick(nodes);
    const p = rng.pick(predicates);
    const o = objectFor(p);
    const key = `${termKey(s)} ${termKey(p)} ${termKey(o)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    triples.push([s, p, o]);
  }
  // Chains and a cycle over the link predicate, so that property paths have somewhere to go.
  if (rng.chance(0.7)) triples.push([nodes[0], PREDICATES.link, nodes[1]], [nodes[1], PREDICATES.link, nodes[2]]);
  if (rng.chance(0.3)) triples.push([nodes[2], PREDICATES.link, nodes[0]]);
  if (rng.chance(0.2)) triples.push([nodes[1], PREDICATES.link, nodes[1]]);

  const quads: RDF.Quad[] = [];
  const placed = new Set<string>();
  for (const [s, p, o] of triples) {
    // Mostly one graph; some triples in two or three (the union default graph must hold them once), a few unnamed.
    const n = rng.chance(0.25) ? rng.int(2, 3) : 1;
    const where: RDF.Quad_Graph[] = rng.chance(0.08) ? [defaultGraph()] : rng.some(graphs, n);
    for (const g of where) {
      const key = `${termKey(s)} ${termKey(p)} ${termKey(o)} ${termKey(g)}`;
      if (!placed.has(key)) {
        placed.add(key);
        quads.push(quad(s, p, o, g));
      }
    }
  }
  const stored = new Set<string>();
  for (const q of quads) for (const t of [q.subject, q.predicate, q.object, q.graph]) stored.add(termKey(t));
  const objects = unique(quads.map((q) => q.object));
  return {
    quads,
    nquads: new Writer({ format: 'N-Quads' }).quadsToString(quads),
    subjects: unique(quads.map((q) => q.subject)),
    objects,
    literals: objects.filter((o): o is RDF.Literal => o.termType === 'Literal'),
    graphs: unique(quads.map((q) => q.graph)).filter((g): g is RDF.NamedNode => g.termType === 'NamedNode'),
    stored,
  };
}

function unique<T extends RDF.Term>(terms: T[]): T[] {
  const out = new Map<string, T>();
  for (const t of terms) out.set(termKey(t), t);
  return [...out.values()];
}
