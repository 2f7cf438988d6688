// The one table of media types the publisher reads and writes, and lookups over it.

export type FormatKind = 'graph' | 'dataset' | 'results' | 'html';

export interface Format {
  /** Short name used by the CLI (`--format ttl`) and in file extensions. */
  readonly name: string;
  readonly mediaType: string;
  readonly extensions: readonly string[];
  /** graph: triples only; dataset: quads; results: SELECT/ASK results; html: pages. */
  readonly kind: FormatKind;
  readonly label: string;
  /** Other media types clients send for the same format. */
  readonly aliases?: readonly string[];
}

export const FORMATS: readonly Format[] = Object.freeze(
  [
    { name: 'ttl', mediaType: 'text/turtle', extensions: ['ttl'], kind: 'graph', label: 'Turtle', aliases: ['application/x-turtle'] },
    { name: 'jsonld', mediaType: 'application/ld+json', extensions: ['jsonld'], kind: 'graph', label: 'JSON-LD' },
    { name: 'nt', mediaType: 'application/n-triples', extensions: ['nt'], kind: 'graph', label: 'N-Triples' },
    { name: 'rdf', mediaType: 'application/rdf+xml', extensions: ['rdf', 'owl'], kind: 'graph', label: 'RDF/XML' },
    { name: 'trig', mediaType: 'application/trig', extensions: ['trig'], kind: 'dataset', label: 'TriG' },
    { name: 'nq', mediaType: 'application/n-quads', extensions: ['nq'], kind: 'dataset', label: 'N-Quads' },
    { name: 'html', mediaType: 'text/html', extensions: ['html'], kind: 'html', label: 'HTML', aliases: ['application/xhtml+xml'] },
    { name: 'json', mediaType: 'application/sparql-results+json', extensions: ['srj'], kind: 'results', label: 'SPARQL JSON' },
    { name: 'xml', mediaType: 'application/sparql-results+xml', extensions: ['srx'], kind: 'results', label: 'SPARQL XML' },
    { name: 'csv', mediaType: 'text/csv', extensions: ['csv'], kind: 'results', label: 'CSV' },
    { name: 'tsv', mediaType: 'text/tab-separated-values', extensions: ['tsv'], kind: 'results', label: 'TSV' },
  ].map((f) => Object.freeze(f)) as Format[],
);

/** Formats in which one resource's document is offered, in order of preference. */
export const DOCUMENT_FORMATS: readonly Format[] = ['ttl', 'jsonld', 'nt', 'rdf', 'trig', 'nq', 'html'].map(byName);
/** RDF serialisations for CONSTRUCT/DESCRIBE results and dumps (quads formats keep graphs). */
export const RDF_FORMATS: readonly Format[] = ['ttl', 'nt', 'jsonld', 'rdf', 'trig', 'nq'].map(byName);
export const RESULT_FORMATS: readonly Format[] = ['json', 'xml', 'csv', 'tsv'].map(byName);

function byName(name: string): Format {
  const f = FORMATS.find((x) => x.name === name);
  if (!f) throw new Error(`unknown format ${name}`);
  return f;
}

/** Finds a format by short name, extension or media type (case-insensitive, parameters ignored). */
export function findFormat(nameOrType: string): Format | undefined {
  const key = nameOrType.split(';')[0].trim().toLowerCase();
  return (
    FORMATS.find((f) => f.name === key || f.mediaType === key || f.extensions.includes(key) || (f.aliases ?? []).includes(key)) ??
    (key === 'turtle'
      ? byName('ttl')
      : key === 'ntriples'
        ? byName('nt')
        : key === 'nquads'
          ? byName('nq')
          : key === 'rdfxml'
            ? byName('rdf')
            : undefined)
  );
}

/** Format for reading a data file, chosen by its extension; `.json` counts as JSON-LD. */
export function formatForFile(file: string): Format | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(file);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  if (ext === 'json') return byName('jsonld');
  if (ext === 'xml') return byName('rdf');
  const f = FORMATS.find((x) => x.extensions.includes(ext));
  return f && (f.kind === 'graph' || f.kind === 'dataset') ? f : undefined;
}
