// Triples written one at a time in the line and Turtle formats, for a graph answer streamed as the store sends it.
import type * as RDF from '@rdfjs/types';
import { Writer as N3Writer } from 'n3';
import type { Format } from '../rdf/formats';
import type { ItemWriter } from './sparqlResults';

const N3_FORMATS: Record<string, string> = { ttl: 'Turtle', trig: 'TriG', nt: 'N-Triples', nq: 'N-Quads' };

/**
 * N3.js's writer over a sink that hands each triple's text back at once (Turtle and TriG declare every known prefix
 * up front: the used ones cannot be known before the end). Undefined for JSON-LD and RDF/XML, which are written whole.
 */
export function triplesWriter(format: Format, prefixes?: Record<string, string>): ItemWriter<RDF.Quad> | undefined {
  const name = N3_FORMATS[format.name];
  if (!name) return undefined;
  let out = '';
  const sink = {
    write(chunk: string, _encoding?: unknown, done?: () => void) {
      out += chunk;
      done?.();
      return true;
    },
    end() {},
  };
  const lineBased = format.name === 'nt' || format.name === 'nq';
  const writer = new N3Writer(sink as never, { format: name, prefixes: lineBased ? undefined : prefixes, end: false });
  const take = () => {
    const text = out;
    out = '';
    return text;
  };
  return {
    start: take,
    item: (q) => {
      writer.addQuad(q);
      return take();
    },
    end: () => {
      writer.end();
      return take();
    },
  };
}
