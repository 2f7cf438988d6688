// Encodes quads compactly (a term table and an id array) so worker threads can rebuild the store without parsing.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';

export interface EncodedQuads {
  terms: string[];
  /** 4 ids per quad (subject, predicate, object, graph), indexes into `terms`; shareable across threads. */
  ids: Uint32Array;
}

const SEP = '\u0001';

export function encodeQuads(quads: Iterable<RDF.Quad>, count: number): EncodedQuads {
  const index = new Map<string, number>();
  const terms: string[] = [];
  const ids = new Uint32Array(new SharedArrayBuffer(count * 16));
  const id = (t: RDF.Term): number => {
    const key = encodeTerm(t);
    let i = index.get(key);
    if (i === undefined) { i = terms.length; terms.push(key); index.set(key, i); }
    return i;
  };
  let n = 0;
  for (const q of quads) {
    if (n >= count) throw new Error('more quads than announced');
    ids[n * 4] = id(q.subject); ids[n * 4 + 1] = id(q.predicate); ids[n * 4 + 2] = id(q.object); ids[n * 4 + 3] = id(q.graph);
    n++;
  }
  return { terms, ids: n === count ? ids : ids.subarray(0, n * 4) };
}

export function* decodeQuads(enc: EncodedQuads): IterableIterator<RDF.Quad> {
  const terms = enc.terms.map(decodeTerm);
  for (let i = 0; i < enc.ids.length; i += 4) {
    yield DataFactory.quad(terms[enc.ids[i]] as RDF.Quad_Subject, terms[enc.ids[i + 1]] as RDF.Quad_Predicate,
      terms[enc.ids[i + 2]] as RDF.Quad_Object, terms[enc.ids[i + 3]] as RDF.Quad_Graph);
  }
}

function encodeTerm(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode': return `N${t.value}`;
    case 'BlankNode': return `B${t.value}`;
    case 'DefaultGraph': return 'D';
    case 'Literal': return `L${t.language}${SEP}${t.datatype.value}${SEP}${t.value}`;
    default: throw new Error(`cannot encode ${t.termType}`);
  }
}

function decodeTerm(s: string): RDF.Term {
  switch (s[0]) {
    case 'N': return DataFactory.namedNode(s.slice(1));
    case 'B': return DataFactory.blankNode(s.slice(1));
    case 'D': return DataFactory.defaultGraph();
    default: {
      const a = s.indexOf(SEP, 1);
      const b = s.indexOf(SEP, a + 1);
      const lang = s.slice(1, a);
      return lang ? DataFactory.literal(s.slice(b + 1), lang) : DataFactory.literal(s.slice(b + 1), DataFactory.namedNode(s.slice(a + 1, b)));
    }
  }
}
