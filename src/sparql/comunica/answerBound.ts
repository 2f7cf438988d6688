// Keeps an answer within its row cap and its size cap while the engine produces it: rows stop being taken before the text would pass the cap.
import type * as RDF from '@rdfjs/types';
import type { AsyncIterator } from 'asynciterator';

/**
 * Rows are counted and their serialised size estimated from their terms as they are taken, because the serialiser's
 * text arrives later and in chunks of several rows. The text itself is measured too: if the estimates run low
 * (much escaping), no further row is taken once the text is full. What still passes the cap is the caller's to refuse.
 */
export class AnswerBound {
  count = 0;
  truncated = false;
  private estimated = 0;
  private written = 0;
  /** Room for the text of the rows: the cap less what closes the document (a few closing tags or brackets). */
  private readonly room: number;

  constructor(
    private readonly maxRows = Number.MAX_SAFE_INTEGER,
    maxBytes?: number,
  ) {
    this.room = maxBytes === undefined ? Number.MAX_SAFE_INTEGER : maxBytes - Math.min(4096, Math.floor(maxBytes / 8));
  }

  /** Whether one more row of about `bytes` fits: if it does it is counted, else the answer is marked cut. */
  admits(bytes: number): boolean {
    if (this.count >= this.maxRows || this.estimated + bytes > this.room || this.written > this.room) {
      this.truncated = true;
      return false;
    }
    this.count++;
    this.estimated += bytes;
    return true;
  }

  /** Passes rows through while they fit, then closes the source (the serialiser ends its document as usual). */
  rows<T>(source: AsyncIterator<T>, bytesOf: (item: T) => number): AsyncIterator<T> {
    return source.transform<T>({
      transform: (item, done, push) => {
        if (!this.truncated) {
          if (this.admits(bytesOf(item))) push(item);
          else source.close();
        }
        done();
      },
    });
  }

  /** Reads the serialiser's text to its end, measuring it. */
  async text(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: string[] = [];
    for await (const c of stream) {
      const text = typeof c === 'string' ? c : (c as Buffer).toString('utf8');
      chunks.push(text);
      this.written += Buffer.byteLength(text);
    }
    return chunks.join('');
  }
}

/** Markup around each term, per results format: JSON and XML name the type and wrap the value, CSV and TSV hardly. */
const TERM_MARKUP: Record<string, number> = {
  'application/sparql-results+json': 48,
  'application/sparql-results+xml': 100,
  'text/csv': 3,
  'text/tab-separated-values': 6,
};

/** The estimate of one solution's text in `mediaType`: its values with a little escaping, their types, the markup. */
export function bindingsBytes(mediaType: string): (b: RDF.Bindings) => number {
  const markup = TERM_MARKUP[mediaType] ?? 48;
  const named = markup > 8; // CSV and TSV do not repeat the variable's name in every row
  return (b) => {
    let n = 4;
    for (const [variable, t] of b) {
      const type = t.termType === 'Literal' ? (t.language ? t.language.length : t.datatype.value.length) : 0;
      n += Math.ceil(Buffer.byteLength(t.value) * 1.15) + (named ? variable.value.length + type : Math.min(type, 48)) + markup;
    }
    return n;
  };
}

/** Markup around each term of a triple, per RDF format: JSON-LD and RDF/XML wrap terms in keys or elements. */
const QUAD_MARKUP: Record<string, number> = { 'application/ld+json': 40, 'application/rdf+xml': 56 };

/** The estimate of one triple's text in `mediaType` (N-Triples-like unless the format wraps terms more). */
export function quadBytes(mediaType: string): (q: RDF.Quad) => number {
  const markup = QUAD_MARKUP[mediaType] ?? 8;
  const term = (t: RDF.Term) =>
    Math.ceil(Buffer.byteLength(t.value) * 1.15) +
    markup +
    (t.termType === 'Literal' ? (t.language ? t.language.length : t.datatype.value.length) : 0);
  return (q) => term(q.subject) + term(q.predicate) + term(q.object) + (q.graph.termType === 'DefaultGraph' ? 0 : term(q.graph)) + 4;
}
