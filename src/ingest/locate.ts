// Finds file and line for validation problems, which SHACL reports by node, not by position.
import { Parser as N3Parser } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { Problem } from '../rdf/problem';
import { termString } from './validate';

export interface SourceFile {
  /** Path as it should appear in messages. */
  file: string;
  text: string;
}

interface Position {
  file: string;
  line: number;
}

/**
 * Fills `file` and `line` of problems that have a focus node but no position, from the Turtle/TriG
 * files the data came from: the triple (focus, path, value) if written, else (focus, path), else
 * the first triple about the focus. Blank-node focus nodes are left as they are.
 */
export async function locateProblems(problems: readonly Problem[], files: readonly SourceFile[], baseIri: string): Promise<Problem[]> {
  if (!problems.some((p) => !p.file && p.focusNode && !p.focusNode.startsWith('_:'))) return [...problems];
  const index = await indexFiles(files, baseIri);
  return problems.map((p) => {
    if (p.file || !p.focusNode || p.focusNode.startsWith('_:')) return p;
    const at =
      (p.path && p.value !== undefined && index.get(`${p.focusNode}|${p.path}|${p.value}`)) ||
      (p.path && index.get(`${p.focusNode}|${p.path}`)) ||
      index.get(p.focusNode);
    return at ? { ...p, file: at.file, line: at.line } : p;
  });
}

async function indexFiles(files: readonly SourceFile[], baseIri: string): Promise<Map<string, Position>> {
  const index = new Map<string, Position>();
  const put = (k: string, pos: Position) => {
    if (!index.has(k)) index.set(k, pos);
  };
  for (const { file, text } of files) {
    if (!/\.(ttl|trig)$/i.test(file)) continue;
    const parser = new N3Parser({ baseIRI: baseIri, format: /\.trig$/i.test(file) ? 'application/trig' : 'text/turtle' });
    // The lexer's line when a quad is emitted is the line of its object: close enough to point a human at it.
    const lexer = parser as unknown as { _lexer: { _line: number } };
    await new Promise<void>((resolve) => {
      parser.parse(text, (error: Error | null, q: RDF.Quad | null) => {
        if (error || !q) {
          resolve();
          return;
        }
        const pos = { file, line: lexer._lexer._line };
        const s = termString(q.subject);
        put(`${s}|${q.predicate.value}|${termString(q.object)}`, pos);
        put(`${s}|${q.predicate.value}`, pos);
        put(s, pos);
      });
    });
  }
  return index;
}
