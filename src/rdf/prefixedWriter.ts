// N3.js's writer with a faster way to prefixed names: one map lookup per IRI instead of its prefix regular expression.
import type * as RDF from '@rdfjs/types';
import { Writer as N3Writer, type WriterOptions } from 'n3';

/** The local part N3.js's writer accepts after a namespace (its prefix expression's second group). */
const LOCAL = /^[_a-zA-Z0-9](?:\.?[-_a-zA-Z0-9])*$/;
/** What N3.js escapes in an IRI before matching it against the namespaces. */
const ESCAPED = /["\\\t\n\r\b\f\u0000-\u0019\ud800-\udbff]/;

/** An IRI cut after its last `/` or `#`; `local` is undefined when N3.js would not write the rest as a local name. */
export interface IriParts {
  stem: string;
  local?: string;
  /** N3.js escapes some character of the IRI before writing it. */
  escaped: boolean;
}

/**
 * IRIs met before, cut: the same IRIs recur in document after document (and a store hands out the same strings,
 * whose hashes V8 keeps), while cutting one anew (lastIndexOf, slice, a test) costs more than a map lookup.
 */
const parts = new Map<string, IriParts>();
const MAX_PARTS = 100_000;

/** The stem and local part of an IRI. */
export function iriParts(iri: string): IriParts {
  let p = parts.get(iri);
  if (p) return p;
  let cut = iri.length;
  while (cut > 0) {
    const c = iri.charCodeAt(cut - 1);
    if (c === 47 || c === 35) break; // '/' or '#'
    cut--;
  }
  const local = iri.slice(cut);
  const escaped = ESCAPED.test(iri);
  p = { stem: iri.slice(0, cut), local: LOCAL.test(local) && !escaped ? local : undefined, escaped };
  if (parts.size >= MAX_PARTS) parts.clear();
  parts.set(iri, p);
  return p;
}

type Encoder = { _encodeIriOrBlank(entity: RDF.Term): string };

/** N3.js's writer state that addPrefixes fills (its names: the prefix per namespace, and their escaped patterns). */
interface PrefixState {
  _prefixIRIs?: Record<string, string>;
  _prefixPatterns: Record<string, [string, string]>;
  _hasPrefixes: boolean;
  _prefixRegex: RegExp | null;
  _subject: unknown;
  _write(text: string, done?: () => void): void;
}

/** What N3.js's addPrefixes derives from a prefix table and writes, worked out once per table object (tables are not changed once given). */
interface PrefixBlock {
  text: string;
  iris: Record<string, string>;
  patterns: Record<string, [string, string]>;
}
const blocks = new WeakMap<object, PrefixBlock>();
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function blockOf(prefixes: Record<string, string>): PrefixBlock {
  let block = blocks.get(prefixes);
  if (block) return block;
  block = { text: '', iris: Object.create(null), patterns: Object.create(null) };
  for (const [name, iri] of Object.entries(prefixes)) {
    const prefix = `${name}:`;
    block.iris[iri] = prefix;
    block.patterns[iri] = [escapeRegex(iri), escapeRegex(prefix)];
    block.text += `@prefix ${prefix} <${iri}>.\n`;
  }
  if (block.text) block.text += '\n';
  blocks.set(prefixes, block);
  return block;
}

interface Lookup {
  byNamespace: Map<string, string>;
  names: Set<string>;
}
/** What a writer derives from a prefix table, kept per table object (the same one is given for answer after answer). */
const lookups = new WeakMap<Record<string, string>, Lookup | null>();

/** The namespaces to prefixes map, when every namespace ends in `/` or `#`; else null (N3.js's own way). */
function lookupOf(prefixes: Record<string, string>): Lookup | null {
  let found = lookups.get(prefixes);
  if (found !== undefined) return found;
  const entries = Object.entries(prefixes);
  found = null;
  if (entries.length && entries.every(([, ns]) => ns.endsWith('/') || ns.endsWith('#'))) {
    // N3.js keeps the last prefix given for a namespace.
    found = { byNamespace: new Map(entries.map(([p, ns]) => [ns, p])), names: new Set(entries.map(([p]) => `${p}:`)) };
  }
  lookups.set(prefixes, found);
  return found;
}

/**
 * Writes exactly what N3.js's writer writes. When every namespace ends in `/` or `#`, an IRI can take a prefix only
 * from the namespace equal to its stem (up to its last `/` or `#`: a local part holds neither), so that namespace is
 * looked up in a map; N3.js tries a regular expression of all namespaces on every IRI, which costs more than the rest
 * of a document's writing (and builds it anew for each writer). An IRI no namespace takes is written whole here too,
 * unless N3.js would treat it otherwise: characters it escapes, or a start like a declared prefixed name (`p:…`, which
 * N3.js writes as it stands). Those, other namespaces and a base IRI go N3.js's own way.
 */
export class PrefixedWriter extends N3Writer {
  private readonly byNamespace?: Map<string, string>;
  /** The declared prefixes with their colon, for IRIs that start like a prefixed name. */
  private readonly names?: Set<string>;

  constructor(options: WriterOptions & { prefixes?: Record<string, string> }) {
    super(options);
    const lookup = options.prefixes && !options.baseIRI ? lookupOf(options.prefixes) : undefined;
    if (lookup) {
      this.byNamespace = lookup.byNamespace;
      this.names = lookup.names;
      const own = this as unknown as Encoder;
      const encode = own._encodeIriOrBlank.bind(this);
      own._encodeIriOrBlank = (entity) => this.prefixed(entity) ?? encode(entity);
    }
  }

  /**
   * What N3.js's addPrefixes does (the declarations written, the namespaces and their escaped patterns kept), from a
   * block made once per prefix table: it escaped every namespace for a regular expression again for each answer.
   */
  override addPrefixes(prefixes: Parameters<N3Writer['addPrefixes']>[0], done?: () => void): void {
    const state = this as unknown as PrefixState;
    const plain = Object.values(prefixes).every((iri) => typeof iri === 'string');
    if (!state._prefixIRIs || state._subject !== null || !plain) {
      super.addPrefixes(prefixes, done);
      return;
    }
    const block = blockOf(prefixes as Record<string, string>);
    Object.assign(state._prefixIRIs, block.iris);
    Object.assign(state._prefixPatterns, block.patterns);
    if (block.text) {
      state._hasPrefixes = true;
      state._prefixRegex = null;
    }
    state._write(block.text, done);
  }

  private prefixed(entity: RDF.Term): string | undefined {
    if (entity.termType !== 'NamedNode') return undefined;
    const iri = entity.value;
    const { stem, local, escaped } = iriParts(iri);
    const prefix = local === undefined ? undefined : this.byNamespace!.get(stem);
    if (prefix !== undefined) return `${prefix}:${local}`;
    if (escaped || this.names!.has(iri.slice(0, iri.indexOf(':') + 1))) return undefined;
    return `<${iri}>`;
  }
}
