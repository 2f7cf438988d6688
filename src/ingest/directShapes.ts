// SHACL shapes checked straight off the store's indexes, for the shapes whose every constraint is done exactly as
// shacl-engine does it (same focus nodes, value nodes, results and messages); every other shape is left to shacl-engine.
import type * as RDF from '@rdfjs/types';
import type { Problem } from '../rdf/problem';
import type { QuadStore } from '../store/quadStore';
import { ShapeChecker } from './shapeChecker';
import { ShapeCompiler } from './shapeCompiler';
import { ShapeIndex } from './shapeIndex';
import { RDF_NS, SH, type Shape, Unsupported } from './shapeModel';
import type { Locate } from './validate';

/** A top-level shape checked here, with its focus nodes. */
export interface DirectShape {
  shape: Shape;
  focus: number[];
}

/** The shapes checked here and those (RDF terms) left to shacl-engine, for a store that holds both data and shapes. */
export function planShapes(store: QuadStore): { direct: DirectShape[]; rest: RDF.Term[] } {
  const ix = new ShapeIndex(store);
  const tops = new Set<number>();
  for (const t of ['targetClass', 'targetNode', 'targetObjectsOf', 'targetSubjectsOf', 'target'])
    for (const s of ix.subjects(ix.id(SH + t))) tops.add(s);
  for (const t of ['NodeShape', 'PropertyShape']) for (const s of ix.subjectsOf(ix.id(`${RDF_NS}type`), ix.id(SH + t))) tops.add(s);
  const direct: DirectShape[] = [];
  const rest: RDF.Term[] = [];
  const focusOf = new Map<number, number[]>();
  for (const s of tops) focusOf.set(s, ix.focusNodes(s));
  const compiler = new ShapeCompiler(ix, new ShapeChecker(ix), focusOf);
  for (const s of tops) {
    try {
      direct.push({ shape: compiler.nodeShape(s, 0), focus: focusOf.get(s) ?? [] });
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      rest.push(store.termOf(s));
    }
  }
  return { direct, rest };
}

/** The problems the direct shapes find, one per SHACL result (as ShapesValidator reports them, before deduplication). */
export function checkDirect(store: QuadStore, shapes: readonly DirectShape[], locate?: Locate): Problem[] {
  if (store.size === 0) return [];
  const checker = new ShapeChecker(new ShapeIndex(store));
  const out: Problem[] = [];
  for (const { shape, focus } of shapes) {
    for (const f of focus) {
      const from = out.length;
      checker.validateNode(shape, f, out);
      const where = out.length > from ? locate?.(store.termOf(f)) : undefined;
      if (where?.file) for (let i = from; i < out.length; i++) Object.assign(out[i], where);
    }
  }
  return out;
}
