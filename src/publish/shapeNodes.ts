// The SHACL side of a dataset: shapes and the blank nodes (property shapes, lists) they are made of.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Dataset } from '../store/dataset';
import { termKey } from '../rdf/termKey';

const { namedNode } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SH = 'http://www.w3.org/ns/shacl#';
const SHAPE_CLASSES = [`${SH}NodeShape`, `${SH}PropertyShape`, `${SH}Shape`];

/**
 * The term keys of every shape and of every blank node hanging from one. Shapes are documented on the shapes page;
 * a reader's page about Kazakhstan should not say it is the "target node (of)" a shape, or "first (of)" a list cell.
 */
export function shapeNodes(ds: Dataset): ReadonlySet<string> {
  return ds.memo('shapeNodes', () => {
    const out = new Set<string>();
    const add = (t: RDF.Term) => {
      const key = termKey(t);
      if (out.has(key)) return;
      out.add(key);
      for (const q of ds.match(t, null, null, null)) if (q.object.termType === 'BlankNode') add(q.object);
    };
    for (const c of SHAPE_CLASSES) for (const q of ds.match(null, namedNode(RDF_TYPE), namedNode(c), null)) add(q.subject);
    // A shape need not be typed: anything with a SHACL target or constraint list is one.
    for (const p of ['targetNode', 'targetClass', 'property', 'in', 'path'])
      for (const q of ds.match(null, namedNode(`${SH}${p}`), null, null)) add(q.subject);
    return out;
  });
}
