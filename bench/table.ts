// Plain-text tables for the bench output (also valid Markdown, so results paste into docs/bench.md).

export function table(title: string, head: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = head.map(
    (_, i) =>
      cells.length > 0 &&
      cells.every(
        (r) =>
          (/^[-\d.,×%<>≥≤ ]*[\d×%]?[a-zA-Z/]*$/.test(r[i] ?? '') && /\d/.test(r[i] ?? '')) ||
          (r[i] ?? '') === 'n/a' ||
          (r[i] ?? '') === '-',
      ),
  );
  const line = (r: string[]) => `| ${r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return `${[`\n### ${title}\n`, line(head), sep, ...cells.map(line)].join('\n')}\n`;
}

export const fmt = {
  ms: (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : 'n/a'),
  s: (v: number) => (Number.isFinite(v) ? (v / 1000).toFixed(1) : 'n/a'),
  mb: (v: number) => (Number.isFinite(v) ? (v / 1048576).toFixed(0) : 'n/a'),
  int: (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a'),
  bytes: (v: number) => (Number.isFinite(v) ? Math.round(v).toString() : 'n/a'),
  ratio: (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a'),
};
