// Shared test helpers: load the record (ontology + data + optional fixtures) through the real loader and validators.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as RDF from '@rdfjs/types';
import { packageRoot } from '../src/config';
import { parseRdf } from '../src/rdf/parse';
import { formatForFile } from '../src/rdf/formats';
import { loadDataset, type LoadResult } from '../src/ingest/load';
import type { Problem } from '../src/rdf/problem';
import { sourceValidator } from '../src/forum/checkSource';
import { shaclValidator } from '../src/ingest/shaclValidator';

export const ROOT = packageRoot();
export const BASE = 'http://example.org/';
export const ONTOLOGY = path.join(ROOT, 'ontology');
export const DATA = path.join(ROOT, 'data');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'broken');
/** The source text every quotation in data/ is checked against: the copy the record ships (its sha256 is pinned in checkSource.test.ts). */
export const SEED = path.join(DATA, 'sources', 'third-regional-forum-2019.txt');

export const iri = (rel: string): string => BASE + rel;

let shapes: Promise<RDF.Quad[]> | undefined;
/** The shapes graph, parsed once: compiling it per fixture would dominate the test time. */
export function loadShapes(): Promise<RDF.Quad[]> {
  const file = path.join(ONTOLOGY, 'shapes.ttl');
  shapes ??= parseRdf(readFileSync(file, 'utf8'), { format: formatForFile(file)!, baseIri: BASE, file });
  return shapes;
}

export interface Loaded {
  result: LoadResult;
  problems: Problem[];
}

/** Loads ontology/ + data/ (+ extra files) with SHACL and source checks; the loader locates problems in the files. */
export async function loadRecord(extra: string[] = []): Promise<Loaded> {
  const result = await loadDataset({
    paths: [ONTOLOGY, DATA, ...extra],
    baseIri: BASE,
    validators: [shaclValidator(await loadShapes()), sourceValidator()],
  });
  return { result, problems: result.problems };
}

/** 1-based line of the first occurrence of `needle` in a file, outside comment lines. */
export function lineOf(file: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => !l.trimStart().startsWith('#') && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}
