// The index reads the direct SHACL checks make, over the union of the graphs (each triple once).
import type * as RDF from '@rdfjs/types';
import type { QuadStore } from '../store/quadStore';
import { RDF_NS, SH, Unsupported } from './shapeModel';

const RDFS_SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
export const ANY = -1;

/** Index reads over a store holding both the data and the shapes, by dictionary id. */
export class ShapeIndex {
  readonly type: number;

  constructor(readonly store: QuadStore) {
    this.type = this.id(`${RDF_NS}type`);
  }

  id(iri: string): number {
    return this.store.lookup({ termType: 'NamedNode', value: iri } as RDF.NamedNode) ?? -2;
  }

  term(id: number): RDF.Term {
    return this.store.termOf(id);
  }

  objects(s: number, p: number): number[] {
    return this.store.objectsOf(s, p);
  }

  subjectsOf(p: number, o: number): number[] {
    return this.store.subjectsOf(p, o);
  }

  /** Distinct subjects of any triple with predicate p. */
  subjects(p: number): number[] {
    const out = new Set<number>();
    if (p >= 0) this.store.scan(ANY, p, ANY, ANY, (s) => void out.add(s), true);
    return [...out];
  }

  /** Exactly one distinct value of sh:`local`, or none (undefined); several stop the shape (shacl-engine reads them as none). */
  single(s: number, local: string): number | undefined {
    const vs = this.objects(s, this.id(SH + local));
    if (vs.length > 1) throw new Unsupported();
    return vs[0];
  }

  /** A class and its subclasses (rdfs:subClassOf*, read backwards), as shacl-engine resolves sh:class and sh:targetClass. */
  classes(c: number): Set<number> {
    const seen = new Set([c]);
    const todo = [c];
    const sub = this.id(RDFS_SUBCLASS);
    while (todo.length) {
      for (const x of this.subjectsOf(sub, todo.pop()!)) {
        if (seen.has(x)) continue;
        seen.add(x);
        todo.push(x);
      }
    }
    return seen;
  }

  /** The focus nodes of shape `s`: its targets, and the instances of itself when it is also a class. */
  focusNodes(s: number): number[] {
    const classes = this.objects(s, this.id(`${SH}targetClass`));
    if (this.objects(s, this.type).includes(this.id(`${SH}NodeShape`))) classes.push(s);
    const out = new Set<number>();
    for (const c of classes) for (const k of this.classes(c)) for (const x of this.subjectsOf(this.type, k)) out.add(x);
    for (const n of this.objects(s, this.id(`${SH}targetNode`))) out.add(n);
    for (const p of this.objects(s, this.id(`${SH}targetObjectsOf`)))
      if (p >= 0) this.store.scan(ANY, p, ANY, ANY, (_s, _p, o) => void out.add(o), true);
    for (const p of this.objects(s, this.id(`${SH}targetSubjectsOf`))) for (const x of this.subjects(p)) out.add(x);
    return [...out];
  }

  /** The members of an RDF list; a malformed list stops the shape. */
  list(head: number): number[] {
    const first = this.id(`${RDF_NS}first`);
    const rest = this.id(`${RDF_NS}rest`);
    const nil = this.id(`${RDF_NS}nil`);
    const out: number[] = [];
    for (let at = head, n = 0; at !== nil; n++) {
      const f = this.objects(at, first);
      const r = this.objects(at, rest);
      if (f.length !== 1 || r.length !== 1 || n > 10_000) throw new Unsupported();
      out.push(f[0]);
      at = r[0];
    }
    return out;
  }
}
