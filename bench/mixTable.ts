// The table: the query mix at one scale over HTTP, ours beside oxigraph and Comunica's endpoint, with geometric means.
import type { Catalog } from './generate';
import type { HttpResult } from './http';
import { queryMix } from './queries';
import { fmt, table } from './table';
import { geomean, mixRuns } from './targets';

/**
 * The query mix at one scale: requests/s of each shape for ours and the peers, a new text each time and the same text
 * each time, our ratios to each peer, and the geometric means (the table).
 */
export function mixTable(scale: string, r: HttpResult, c: Catalog): string {
  const uncached = mixRuns(r, false);
  const cached = mixRuns(r, true);
  if (!uncached.length) return '';
  const peers = ['ours', 'oxigraph', 'comunica'] as const;
  const kinds = new Map(queryMix(c).map((q) => [q.name, q.kind]));
  const rowsOf = (list: typeof uncached) => list.map((s) => peers.map((p) => s.runs[p]?.rps ?? NaN));
  const u = rowsOf(uncached);
  const k = rowsOf(cached);
  const line = (label: string, kind: string, a: number[], b: number[]): Array<string | number> => [
    label,
    kind,
    ...a.map(fmt.int),
    fmt.ratio(a[0], a[1]),
    fmt.ratio(a[0], a[2]),
    ...b.map(fmt.int),
    fmt.ratio(b[0], b[1]),
    fmt.ratio(b[0], b[2]),
  ];
  const rows = uncached.map((s, i) => line(s.mix!.query, kinds.get(s.mix!.query) ?? '', u[i], k[i] ?? [NaN, NaN, NaN]));
  const column = (m: number[][], j: number) => geomean(m.map((x) => x[j]));
  // Geometric means of requests/s; the ratio of two geometric means is the geometric mean of the ratios.
  rows.push(
    line(
      'geometric mean',
      '',
      [0, 1, 2].map((j) => column(u, j)),
      [0, 1, 2].map((j) => column(k, j)),
    ),
  );
  return table(
    `Query mix at ${scale} over HTTP (requests/s; "new": a new query text each time, no cache can answer; "same": the same text each time)`,
    [
      'query',
      'shape',
      'ours new',
      'oxigraph new',
      'comunica new',
      '÷ oxigraph',
      '÷ comunica',
      'ours same',
      'oxigraph same',
      'comunica same',
      '÷ oxigraph ',
      '÷ comunica ',
    ],
    rows,
  );
}
