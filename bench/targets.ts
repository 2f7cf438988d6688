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

const verdict = (ok: boolean, miss: string) => (ok ? 'yes' : `no (${miss})`);

export function targetRows(_inproc: Map<number, InProcessResult>, http: Map<number, HttpResult>, name: (n: number) => string): Row[] {
  const rows: Row[] = [];
  const [h, n] = at(http, 100_000);
  const label = (k: number, want: number) => (k === want ? name(k) : `${name(k)} (wanted ${name(want)})`);
  const rps = (sc: string, server: 'ours' | 'comunica' | 'oxigraph' | 'express') =>
    h?.scenarios.find((s) => s.name === sc)?.runs[server]?.rps ?? NaN;
  const ratioRow = (what: string, wanted: number | undefined, a: number, b: number) => {
    const r = a / b;
    const shown = Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
    const met = wanted === undefined || !Number.isFinite(r) ? '—' : verdict(r >= wanted, `${(100 * (1 - r / wanted)).toFixed(1)} % short`);
    rows.push([what, wanted === undefined ? '(for reference)' : `≥ ${wanted}×`, shown, label(n, 100_000), met]);
  };
  ratioRow('SPARQL lookup vs Comunica endpoint', 1.5, rps('sparql-lookup', 'ours'), rps('sparql-lookup', 'comunica'));
  ratioRow('SPARQL 3-pattern join vs Comunica endpoint', 3, rps('sparql-join', 'ours'), rps('sparql-join', 'comunica'));
  ratioRow('  same, a new query each time (no result cache)', undefined, rps('join-uncached', 'ours'), rps('join-uncached', 'comunica'));
  ratioRow(
    '  lookup, a new query each time (no result cache)',
    undefined,
    rps('lookup-uncached', 'ours'),
    rps('lookup-uncached', 'comunica'),
  );
  // Our SPARQL lookup of the same query again is a result-cache hit, as cheap as a document: the engine path is a
  // lookup the server has not answered before.
  ratioRow('deref Turtle vs our SPARQL lookup (new query each time)', 2, rps('deref-ttl', 'ours'), rps('lookup-uncached', 'ours'));
  ratioRow('deref HTML vs our SPARQL lookup (new query each time)', 2, rps('deref-html', 'ours'), rps('lookup-uncached', 'ours'));
  ratioRow('  deref Turtle vs our cached SPARQL lookup', undefined, rps('deref-ttl', 'ours'), rps('sparql-lookup', 'ours'));
  ratioRow('deref Turtle vs bare express', 0.5, rps('deref-ttl', 'ours'), rps('deref-ttl', 'express'));
  ratioRow(
    'TPF fragment of a subject vs our SPARQL lookup (new query each time)',
    undefined,
    rps('tpf-lookup', 'ours'),
    rps('lookup-uncached', 'ours'),
  );
  ratioRow('  same, vs our cached SPARQL lookup', undefined, rps('tpf-lookup', 'ours'), rps('sparql-lookup', 'ours'));
  ratioRow('  same, vs bare express', undefined, rps('tpf-lookup', 'ours'), rps('tpf-lookup', 'express'));
  // Server CPU per request, steadier than requests/s on a shared machine: how many times less a fragment costs.
  const cpu = (sc: string) => h?.scenarios.find((s) => s.name === sc)?.runs.ours?.cpuUs ?? NaN;
  ratioRow(
    '  server CPU: SPARQL lookup (new query each time) ÷ TPF fragment of a subject',
    undefined,
    cpu('lookup-uncached'),
    cpu('tpf-lookup'),
  );
  ratioRow('deref HTML vs bare express', 0.5, rps('deref-html', 'ours'), rps('deref-html', 'express'));

  const [big, m] = at(http, 1_000_000);
  const at1m = m === 1_000_000;
  for (const which of ['ours', 'ours restart'] as const) {
    const how = which === 'ours' ? 'first start: checks run' : 'restart: verdict and dumps found';
    const s = big?.servers.find((x) => x.name === which);
    const perQuad = s && big ? s.rssEnd / big.quads : NaN;
    rows.push([
      `memory per triple, workers running (${how}; RSS after the runs)`,
      '≤ 1024 B',
      Number.isFinite(perQuad) ? `${perQuad.toFixed(0)} B` : 'n/a',
      label(m, 1_000_000),
      !Number.isFinite(perQuad)
        ? 'n/a'
        : !at1m
          ? 'not at 1M'
          : verdict(perQuad <= 1024, `${(100 * (perQuad / 1024 - 1)).toFixed(0)} % over`),
    ]);
    const ready = s?.readyMs ?? NaN;
    rows.push([
      `ready to serve, spawn → first answer (${how})`,
      '≤ 15 s',
      Number.isFinite(ready) ? `${(ready / 1000).toFixed(1)} s` : 'n/a',
      label(m, 1_000_000),
      !Number.isFinite(ready) ? 'n/a' : !at1m ? 'not at 1M' : verdict(ready <= 15_000, `${(ready / 1000 - 15).toFixed(1)} s over`),
    ]);
  }
  return rows;
}
