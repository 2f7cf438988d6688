// A strict reader of the Prometheus text exposition format (0.0.4), enough to check what /metrics serves.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  help?: string;
  type?: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

/** Parses the text into families by name; throws on any line that is not the format, naming it. */
export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    if (!families.has(name)) families.set(name, { name, samples: [] });
    return families.get(name)!;
  };
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${i + 1}: ${JSON.stringify(line.slice(0, 120))}`;
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      if (!NAME.test(meta[2])) throw new Error(`bad metric name, ${where}`);
      const f = family(meta[2]);
      if (meta[1] === 'HELP') f.help = meta[3];
      else if (['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3])) f.type = meta[3];
      else throw new Error(`unknown type, ${where}`);
      continue;
    }
    if (line.startsWith('#')) continue; // a comment
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample, ${where}`);
    // As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan".
    const special = { '+inf': Infinity, inf: Infinity, '-inf': -Infinity, nan: NaN } as Record<string, number>;
    const value = m[3].toLowerCase() in special ? special[m[3].toLowerCase()] : Number(m[3]);
    if (Number.isNaN(value) && m[3].toLowerCase() !== 'nan') throw new Error(`bad value, ${where}`);
    const base = families.has(m[1])
      ? m[1]
      : SUFFIXES.map((s) => (m[1].endsWith(s) ? m[1].slice(0, -s.length) : '')).find((b) => b && families.has(b));
    if (!base) throw new Error(`a sample before its # TYPE, ${where}`);
    family(base).samples.push({ name: m[1], labels: parseLabels(m[2] ?? '', where), value });
  }
  return families;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\["\\n])*)"(,?)/.exec(rest);
    if (!m) throw new Error(`bad labels, ${where}`);
    labels[m[1]] = m[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
    if (!m[3] && rest.length) throw new Error(`bad labels, ${where}`);
  }
  return labels;
}

/** The value of the one sample with these labels (a subset match); undefined when there is none. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
  sampleName = name,
): number | undefined {
  const f = families.get(name);
  const s = f?.samples.find((x) => x.name === sampleName && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value;
}
