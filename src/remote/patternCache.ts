// Answers to triple patterns of one version, kept within a byte budget, least recently used dropped first.
import type * as RDF from '@rdfjs/types';
import { termKey } from '../rdf/termKey';

/** A triple pattern read by the description code: its quads, or only how many there are (countQuads). */
export interface Pattern {
  kind: 'quads' | 'count';
  terms: [RDF.Term | undefined, RDF.Term | undefined, RDF.Term | undefined, RDF.Term | undefined];
}

/** A pattern's whole answer: every matching quad, or their number; or a listing stored with the summary (`value`). */
export interface Answer {
  quads?: RDF.Quad[];
  count?: number;
  /** A listing's value, and the length of the JSON text it was read from (what it is counted by). */
  value?: unknown;
  chars?: number;
}

export function patternKey(p: Pattern): string {
  return `${p.kind} ${p.terms.map((t) => (t ? termKey(t) : '?')).join(' ')}`;
}

/** Roughly what an answer takes in the heap: its terms' text (UTF-16) and the objects around them. */
export function answerBytes(a: Answer): number {
  // A listing's objects take about twice its text's UTF-16 bytes.
  let n = 64 + 4 * (a.chars ?? 0);
  for (const q of a.quads ?? [])
    n += 160 + 2 * (q.subject.value.length + q.predicate.value.length + q.object.value.length + q.graph.value.length);
  return n;
}

export class PatternCache {
  private readonly entries = new Map<string, { answer: Answer; bytes: number }>();
  bytes = 0;

  constructor(private readonly limit: number) {}

  /** The answer to `key`, now the most recently used. */
  get(key: string): Answer | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.answer;
  }

  /** Keeps an answer unless it alone would take more than the budget; the least recently used go first. */
  set(key: string, answer: Answer): void {
    const bytes = answerBytes(answer);
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    if (bytes > this.limit) return;
    this.entries.set(key, { answer, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.limit) break;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
  }
}
