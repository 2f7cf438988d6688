// Writes a large dataset as one compacted JSON-LD document, a slice of subjects at a time, keeping named graphs.
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import * as jsonld from 'jsonld';
import { serializeQuads } from './serialize';
import { findFormat } from './formats';

export interface JsonLdStreamOptions {
  /** The context document ({ "@context": … }) to compact with, and the IRI written in its place. */
  context: { object: Record<string, unknown>; url?: string };
  /** Roughly how many quads go through the JSON-LD processor at once. */
  sliceSize?: number;
}

const noRemote = (async (url: string) => {
  throw new Error(`no remote context ${url}`);
}) as never;

/**
 * Yields the text of `{ "@context": url, "@graph": [ nodes…, { "@id": g, "@graph": [ nodes… ] } … ] }`.
 * Input quads must come graph by graph and, within a graph, subject by subject (as the store reads them),
 * so that every node is compacted whole; memory stays bounded by the slice size.
 */
export async function* jsonLdChunks(
  quads: Iterable<RDF.Quad> | AsyncIterable<RDF.Quad>,
  opts: JsonLdStreamOptions,
): AsyncGenerator<string> {
  const sliceSize = opts.sliceSize ?? 400;
  const ctx = opts.context;
  yield `{\n  "@context": ${JSON.stringify(ctx.url ?? ctx.object['@context'] ?? {})},\n  "@graph": [`;
  let first = true;
  let graph: string | undefined; // key of the graph being written; '' = default graph
  let innerFirst = true;
  let slice: RDF.Quad[] = [];
  let lastSubject = '';

  async function* flush(): AsyncGenerator<string> {
    if (!slice.length) return;
    const nodes = await compactSlice(slice, ctx.object);
    slice = [];
    for (const n of nodes) {
      const text = JSON.stringify(n, null, 2);
      if (graph === '') {
        yield `${first ? '' : ','}\n    ${indent(text, 4)}`;
        first = false;
      } else {
        yield `${innerFirst ? '' : ','}\n        ${indent(text, 8)}`;
        innerFirst = false;
      }
    }
  }

  for await (const q of quads) {
    const g = q.graph.termType === 'DefaultGraph' ? '' : `${q.graph.termType === 'BlankNode' ? '_:' : ''}${q.graph.value}`;
    if (g !== graph) {
      yield* flush();
      if (graph) yield '\n      ]\n    }';
      graph = g;
      if (g !== '') {
        yield `${first ? '' : ','}\n    {\n      "@id": ${JSON.stringify(g)},\n      "@graph": [`;
        first = false;
        innerFirst = true;
      }
    }
    const subject = `${q.subject.termType}:${q.subject.value}`;
    if (slice.length >= sliceSize && subject !== lastSubject) yield* flush();
    lastSubject = subject;
    slice.push(DataFactory.quad(q.subject, q.predicate, q.object));
  }
  yield* flush();
  if (graph) yield '\n      ]\n    }';
  yield '\n  ]\n}\n';
}

/** The compacted node objects of one slice of default-graph quads, without the context. */
async function compactSlice(quads: readonly RDF.Quad[], context: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const nq = await serializeQuads(quads, findFormat('nq')!);
  const expanded = await jsonld.fromRDF(nq, { format: 'application/n-quads', useNativeTypes: false });
  const compact = jsonld.compact as unknown as (i: unknown, c: unknown, o: unknown) => Promise<Record<string, unknown>>;
  const compacted = await compact(expanded, context, { documentLoader: noRemote, graph: true });
  const terms = (context['@context'] ?? {}) as Record<string, unknown>;
  const graphKey = Object.keys(compacted).find((k) => k === '@graph' || terms[k] === '@graph');
  const nodes = graphKey ? compacted[graphKey] : [];
  return Array.isArray(nodes) ? (nodes as Record<string, unknown>[]) : [];
}

function indent(text: string, by: number): string {
  return text.replace(/\n/g, `\n${' '.repeat(by)}`);
}
