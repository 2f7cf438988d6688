// The example queries shown in the SPARQL editor: queries/*.rq with grlc-style `#+ key: value` decorators.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExampleQuery {
  /** The file name without `.rq`. */
  name: string;
  /** From `#+ summary:`; the name when there is none. */
  summary: string;
  /** The query as it runs in the editor: decorators dropped, and a BASE added when the file has none. */
  query: string;
}

/**
 * Reads every `.rq` file of `dir`, sorted by name. A missing or empty folder gives no examples, never an error:
 * the editor works without them. Unreadable files are skipped for the same reason.
 */
export function readExampleQueries(dir: string | undefined, baseIri: string): ExampleQuery[] {
  if (!dir) return [];
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.rq')).sort();
  } catch {
    return [];
  }
  const out: ExampleQuery[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    out.push(exampleQuery(path.basename(file, '.rq'), text, baseIri));
  }
  return out;
}

/** Splits a decorated query into its summary and runnable text. */
export function exampleQuery(name: string, text: string, baseIri: string): ExampleQuery {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let summary: string | undefined;
  for (const line of lines) {
    const m = /^#\+\s*summary\s*:\s*(.*?)\s*$/.exec(line);
    if (m) { summary = m[1].replace(/^(['"])(.*)\1$/, '$2'); break; }
  }
  let body = lines.filter((l) => !/^#\+/.test(l)).join('\n').replace(/^\s*\n/, '').trimEnd();
  // The files name local terms relative to the deployment's base (e.g. <def/forum#>), so they need one to run.
  if (!/^\s*BASE\s*</im.test(body)) body = `BASE <${baseIri}>\n${body}`;
  return { name, summary: summary || name, query: `${body}\n` };
}
