// The targets, evaluated on this run's figures (ratios are only meaningful within one run).
import type { HttpResult } from './http';
import type { InProcessResult } from './inprocess';

type Row = Array<string | number>;

/** The HTTP result at `want`, or else at the scale nearest to it (marked in the "at" column). */
function at(http: Map<number, HttpResult>, want: number): [HttpResult | undefined, number] {
  if (http.has(want)) return [http.get(want), want];
  const scales = [...http.keys()].sort((a, b) => Math.abs(a - want) - Math.abs(b - want));
  return [scales.length ? http.get(scales[0]) : undefined, scales[0] ?? want];
}

export function targetRows(_inproc: Map<number, InProcessResult>, http: Map<number, HttpResult>, name: (n: number) => string): Row[] {
  const rows: Row[] = [];
  const [h, n] = at(http, 100_000);
  const label = (k: number, want: number) => (k === want ? name(k) : `${name(k)} (wanted ${name(want)})`);
  const rps = (sc: string, server: 'ours' | 'comunica' | 'oxigraph' | 'express') => h?.scenarios.find((s) => s.name === sc)?.runs[server]?.rps ?? NaN;
  const ratioRow = (what: string, wanted: number, a: number, b: number) => {
    const r = a / b;
    rows.push([what, `≥ ${wanted}×`, Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a', label(n, 100_000), Number.isFinite(r) ? (r >= wanted ? 'yes' : `no (${(100 * (1 - r / wanted)).toFixed(0)} % short)`) : 'n/a']);
  };
  ratioRow('SPARQL lookup vs Comunica endpoint', 1.5, rps('sparql-lookup', 'ours'), rps('sparql-lookup', 'comunica'));
  ratioRow('SPARQL 3-pattern join vs Comunica endpoint', 3, rps('sparql-join', 'ours'), rps('sparql-join', 'comunica'));
  ratioRow('deref Turtle vs our SPARQL lookup', 2, rps('deref-ttl', 'ours'), rps('sparql-lookup', 'ours'));
  ratioRow('deref HTML vs our SPARQL lookup', 2, rps('deref-html', 'ours'), rps('sparql-lookup', 'ours'));
  ratioRow('deref Turtle vs bare express', 0.5, rps('deref-ttl', 'ours'), rps('deref-ttl', 'express'));
  ratioRow('deref HTML vs bare express', 0.5, rps('deref-html', 'ours'), rps('deref-html', 'express'));

  const [big, m] = at(http, 1_000_000);
  const ours = big?.servers.find((s) => s.name === 'ours');
  const perQuad = ours && big ? Math.max(ours.rssPeak, ours.rssReady) / big.quads : NaN;
  rows.push(['memory per triple, whole worker pool (peak RSS)', '≤ 1024 B', Number.isFinite(perQuad) ? `${perQuad.toFixed(0)} B` : 'n/a', label(m, 1_000_000),
    Number.isFinite(perQuad) ? (m !== 1_000_000 ? 'not at 1M' : perQuad <= 1024 ? 'yes' : `no (${(100 * (perQuad / 1024 - 1)).toFixed(0)} % over)`) : 'n/a']);
  const ready = ours?.readyMs ?? NaN;
  rows.push(['ready to serve (spawn → first answer)', '≤ 15 s', Number.isFinite(ready) ? `${(ready / 1000).toFixed(1)} s` : 'n/a', label(m, 1_000_000),
    Number.isFinite(ready) ? (m !== 1_000_000 ? 'not at 1M' : ready <= 15_000 ? 'yes' : `no (${(ready / 1000 - 15).toFixed(1)} s over)`) : 'n/a']);
  return rows;
}
