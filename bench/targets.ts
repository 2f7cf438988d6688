// The targets, evaluated on this run's figures (ratios are only meaningful within one run).
import type { HttpResult, ScenarioFigure } from './http';
import type { InProcessResult } from './inprocess';

type Row = Array<string | number>;
type Peer = 'comunica' | 'oxigraph';

/** exp(mean(log x)) over the finite positive values; NaN when there are none. */
export function geomean(xs: readonly number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length ? Math.exp(ok.reduce((a, x) => a + Math.log(x), 0) / ok.length) : NaN;
}

/** The query-mix scenarios of a run, new text (cached false) or same text (true), in mix order. */
export function mixRuns(h: HttpResult, cached: boolean): ScenarioFigure[] {
  return h.scenarios.filter((s) => s.mix && s.mix.cached === cached);
}

/** Our requests/s ÷ the peer's, per shape of the mix. */
export function mixRatios(h: HttpResult, cached: boolean, peer: Peer): Array<{ query: string; ratio: number }> {
  return mixRuns(h, cached).map((s) => ({ query: s.mix!.query, ratio: (s.runs.ours?.rps ?? NaN) / (s.runs[peer]?.rps ?? NaN) }));
}

const verdict = (ok: boolean, miss: string) => (ok ? 'yes' : `no (${miss})`);
const times = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

export function targetRows(_inproc: Map<number, InProcessResult>, http: Map<number, HttpResult>, name: (n: number) => string): Row[] {
  const rows: Row[] = [];
  const atLeast = (what: string, wanted: number, r: number, at: string, detail = '') =>
    rows.push([
      what,
      `≥ ${wanted}×`,
      `${times(r)}${detail}`,
      at,
      Number.isFinite(r) ? verdict(r >= wanted, `${(100 * (1 - r / wanted)).toFixed(0)} % short`) : 'n/a',
    ]);
  const reference = (what: string, r: number, at: string, detail = '') =>
    rows.push([what, '(for reference)', `${times(r)}${detail}`, at, '—']);
  for (const [n, h] of [...http.entries()].sort((a, b) => a[0] - b[0])) {
    const at = name(n);
    if (!mixRuns(h, false).length) continue;
    const lowest = (list: Array<{ query: string; ratio: number }>) =>
      list
        .filter((x) => Number.isFinite(x.ratio))
        .reduce<{ query: string; ratio: number } | undefined>((a, b) => (!a || b.ratio < a.ratio ? b : a), undefined) ?? {
        query: '—',
        ratio: NaN,
      };
    const worst = (list: Array<{ query: string; ratio: number }>) => {
      const w = lowest(list);
      return [list.length && Number.isFinite(w.ratio) ? w.ratio : NaN, ` (${w.query})`] as const;
    };
    const newOx = mixRatios(h, false, 'oxigraph');
    const newCom = mixRatios(h, false, 'comunica');
    atLeast('query mix, a new text each time: geometric mean vs oxigraph', 1, geomean(newOx.map((x) => x.ratio)), at);
    const [lowOx, lowOxName] = worst(newOx);
    const [lowCom, lowComName] = worst(newCom);
    atLeast('  no shape below half of oxigraph (new text)', 0.5, lowOx, at, lowOxName);
    atLeast('  every shape at least twice Comunica (new text)', 2, lowCom, at, lowComName);
    atLeast('  DESCRIBE vs oxigraph (new text)', 1, newOx.find((x) => x.query === 'describe')?.ratio ?? NaN, at);
    const sameOx = mixRatios(h, true, 'oxigraph');
    const sameCom = mixRatios(h, true, 'comunica');
    reference('query mix, the same text each time: geometric mean vs oxigraph', geomean(sameOx.map((x) => x.ratio)), at);
    reference('  lowest shape vs oxigraph (same text)', worst(sameOx)[0], at, worst(sameOx)[1]);
    reference('  lowest shape vs Comunica (same text)', worst(sameCom)[0], at, worst(sameCom)[1]);
    const rps = (sc: string, server: 'ours' | Peer | 'express') => h.scenarios.find((s) => s.name === sc)?.runs[server]?.rps ?? NaN;
    atLeast(
      "dereferencing (a different document each time) vs oxigraph's DESCRIBE",
      1.2,
      rps('deref-varied', 'ours') / rps('deref-varied', 'oxigraph'),
      at,
    );
    reference('  the same document each time', rps('deref-ttl', 'ours') / rps('deref-ttl', 'oxigraph'), at);
    reference('  deref Turtle vs bare express', rps('deref-ttl', 'ours') / rps('deref-ttl', 'express'), at);
  }

  const big = http.get(1_000_000);
  for (const which of ['ours', 'ours restart'] as const) {
    const how = which === 'ours' ? 'first start: checks run' : 'restart: verdict and dumps found';
    const s = big?.servers.find((x) => x.name === which);
    // Settled where read (the first start): every query process running, those that loaded Comunica replaced.
    const settled = s?.rssSettled !== undefined && Number.isFinite(s.rssSettled);
    const perQuad = s && big ? (settled ? s.rssSettled! : s.rssEnd) / big.quads : NaN;
    rows.push([
      `memory per triple, query processes running (${how}; RSS ${settled ? 'settled after the runs' : 'after the runs'})`,
      '≤ 1024 B',
      Number.isFinite(perQuad) ? `${perQuad.toFixed(0)} B` : 'n/a',
      '1M',
      !Number.isFinite(perQuad) ? 'not measured' : verdict(perQuad <= 1024, `${(100 * (perQuad / 1024 - 1)).toFixed(0)} % over`),
    ]);
    const ready = s?.readyMs ?? NaN;
    const wanted = 10;
    rows.push([
      `ready to serve, spawn → first answer (${how})`,
      `≤ ${wanted} s`,
      Number.isFinite(ready) ? `${(ready / 1000).toFixed(1)} s` : 'n/a',
      '1M',
      !Number.isFinite(ready) ? 'not measured' : verdict(ready <= wanted * 1000, `${(ready / 1000 - wanted).toFixed(1)} s over`),
    ]);
  }
  return rows;
}
