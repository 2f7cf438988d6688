// What the direct SHACL checks compile a shape into: its value checks, property shapes and the failures they report.
import type * as RDF from '@rdfjs/types';
import type { Problem } from '../rdf/problem';

export const SH = 'http://www.w3.org/ns/shacl#';
export const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** A shape uses something the direct checks do not do exactly as shacl-engine: the shape is left to shacl-engine. */
export class Unsupported extends Error {}

export type Args = Record<string, string | number | RDF.Term | undefined>;
/** One failed constraint on one value node (or on the values of a property as a whole). */
export interface Failure {
  component: string;
  defaultMessage?: string;
  args: Args;
  value?: number;
}
/** A constraint on one value node: a failure or nothing. */
export type ValueCheck = (v: number) => Failure | undefined;

export interface Shape {
  term: number;
  messages: string[];
  severity: Problem['severity'];
  /** Per value node (for a node shape, the focus node itself). */
  checks: ValueCheck[];
  /** Property shapes (node shapes only). */
  properties: PropertyShape[];
  /** sh:hasValue on a node shape: the focus node itself must be it. */
  nodeHasValue?: number;
}
export interface PropertyShape extends Shape {
  predicate: number;
  inverse: boolean;
  pathText: string;
  minCount?: number;
  maxCount?: number;
  hasValue?: number;
  uniqueLang: boolean;
  /** sh:equals, sh:lessThan, sh:lessThanOrEquals: the other property. */
  equals?: number;
  lessThan?: number;
  lessThanOrEquals?: number;
}

/**
 * The check of one constraint on a value node: passes when `ok` holds, else fails with the component, its default
 * message and arguments.
 */
export function failUnless(ok: (v: number) => boolean, component: string, defaultMessage?: string, args: Args = {}): ValueCheck {
  return (v) => (ok(v) ? undefined : { component, defaultMessage, args, value: v });
}
