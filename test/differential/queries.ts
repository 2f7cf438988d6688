// Seeded queries of every form over a generated dataset, each with what the oracle must run to judge the answer.
import { Random } from '../../bench/random';
import type { GeneratedDataset } from './dataset';
import { numericOnly, Patterns, VARIABLES } from './patterns';
import { termText, PREDICATE_LIST, predicateText, SUBJECTS } from './vocabulary';

export type Form = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface OrderKey {
  variable: string;
  descending: boolean;
}

export interface Case {
  /** `seed/dataset/query`: enough to generate this case again. */
  id: string;
  form: Form;
  /** What the endpoint is asked. */
  text: string;
  /**
   * What the oracle answers: the same query without LIMIT/OFFSET and REDUCED (the answer is then checked to be an
   * allowed part of it), or for DESCRIBE the CONSTRUCT of what docs/endpoint.md says a description holds.
   */
  oracle: string;
  /** Top-level ORDER BY on plain variables, all projected. */
  order?: OrderKey[];
  slice?: { offset: number; limit?: number };
  reduced?: boolean;
  /** What the query exercises, for the report. */
  features: string[];
  /**
   * For an aggregate query without GROUP BY: the one solution it has when nothing matches (a variable left out is
   * unbound), which the oracle sometimes omits (see corrections.ts).
   */
  emptyGroup?: Record<string, 'zero' | 'empty string'>;
  /** Projected aggregates: variable to function (COUNT, SUM, AVG, MIN, MAX, SAMPLE, GROUP_CONCAT). */
  aggregates?: Record<string, string>;
}

/** One query over `ds`; `rng` fixes it entirely. */
export function generateQuery(rng: Random, ds: GeneratedDataset, id: string): Case {
  const gen = new Patterns(rng, ds);
  const roll = rng.next();
  if (roll < 0.3) return basicSelect(rng, gen, id);
  if (roll < 0.58) return select(rng, gen, id);
  if (roll < 0.7) return aggregate(rng, gen, id);
  if (roll < 0.78) return ask(gen, id);
  if (roll < 0.9) return construct(rng, gen, id);
  return describe(rng, gen, id);
}

/** The shape the endpoint answers from its own indexes: one basic graph pattern, projection, DISTINCT, slice. */
function basicSelect(rng: Random, gen: Patterns, id: string): Case {
  const bgp = gen.bgp(new Set(), rng.int(1, 3), rng.chance(0.1));
  const vars = [...bgp.vars];
  const projection = rng.chance(0.4) || !vars.length ? '*' : projectionOf(rng, vars);
  const distinct = rng.chance(0.25) ? 'DISTINCT ' : '';
  const slice = rng.chance(0.45) ? sliceOf(rng) : undefined;
  const text = `SELECT ${distinct}${projection} WHERE { ${bgp.text} }${sliceText(slice)}`;
  return {
    id,
    form: 'SELECT',
    text,
    oracle: `SELECT ${distinct}${projection} WHERE { ${bgp.text} }`,
    slice,
    features: ['bgp', ...(distinct ? ['distinct'] : []), ...(slice ? ['slice'] : [])],
  };
}

function select(rng: Random, gen: Patterns, id: string): Case {
  const where = gen.group(rng.int(0, 1));
  const vars = [...where.vars];
  let projection = '*';
  let projected = vars;
  const features = ['group'];
  if (!vars.length || rng.chance(0.6)) {
    projected = vars.length ? rng.some(vars, rng.int(1, 3)) : [];
    const exprs: string[] = [];
    if (rng.chance(0.15)) {
      projected.push('z');
      features.push('unbound');
    }
    if (rng.chance(0.2) || !projected.length) {
      const v = gen.freshVar('p');
      exprs.push(`(${gen.exprs.value(vars)} AS ?${v})`);
      projected.push(v);
      features.push('expression');
    }
    projection = [...projected.filter((v) => !exprs.some((e) => e.endsWith(`?${v})`))).map((v) => `?${v}`), ...exprs].join(' ');
  }
  const modifier = rng.chance(0.2) ? 'DISTINCT ' : rng.chance(0.06) ? 'REDUCED ' : '';
  if (modifier) features.push(modifier.trim().toLowerCase());
  const order = projected.length && rng.chance(0.3) ? orderOf(rng, projected) : undefined;
  // REDUCED may keep any number of duplicates, so a slice of it has no one size.
  const slice = modifier !== 'REDUCED ' && rng.chance(0.25) ? sliceOf(rng) : undefined;
  if (order) features.push('order');
  if (slice) features.push('slice');
  const body = `WHERE ${where.text}${orderText(order)}`;
  return {
    id,
    form: 'SELECT',
    text: `SELECT ${modifier}${projection} ${body}${sliceText(slice)}`,
    oracle: `SELECT ${modifier === 'DISTINCT ' ? modifier : ''}${projection} ${body}`,
    order,
    slice,
    reduced: modifier === 'REDUCED ',
    features,
  };
}

/** GROUP BY with aggregates; MIN and MAX only where SPARQL fixes their answer (strings, or numbers alone). */
function aggregate(rng: Random, gen: Patterns, id: string): Case {
  const where = gen.group(rng.int(0, 1));
  const vars = [...where.vars];
  if (!vars.length) return select(rng, gen, id);
  const keys = rng.chance(0.25) ? [] : rng.some(vars, rng.int(1, 2));
  const x = rng.pick(vars);
  const filters: string[] = [];
  const aggs = Array.from({ length: rng.int(1, 3) }, () =>
    rng.pick([
      () => 'COUNT(*)',
      () => `COUNT(?${x})`,
      () => `COUNT(DISTINCT ?${rng.pick(vars)})`,
      () => `SUM(?${x})`,
      () => `AVG(?${x})`,
      () => `${rng.pick(['MIN', 'MAX'])}(STR(?${x}))`,
      () => `COUNT(DISTINCT STR(?${x}))`,
      () => {
        filters.push(numericOnly(x));
        return `${rng.pick(['MIN', 'MAX', 'SUM', 'AVG'])}(?${x})`;
      },
      () => (keys.length ? `SAMPLE(?${keys[0]})` : 'COUNT(*)'),
      () => (keys.length ? `GROUP_CONCAT(STR(?${keys[0]}); SEPARATOR="|")` : `COUNT(?${x})`),
    ])(),
  );
  const names = aggs.map(() => gen.freshVar('n'));
  // HAVING only with GROUP BY, so that the one group of an ungrouped query is always in the answer.
  const having =
    keys.length && rng.chance(0.2)
      ? ` HAVING (${rng.pick(['COUNT(*) > 1', `COUNT(?${x}) >= 1`, `SUM(?${x}) > 2`, `MIN(STR(?${x})) < "m"`])})`
      : '';
  // Over no solutions (SPARQL 1.1 §18.5.1): COUNT, SUM and AVG are 0, GROUP_CONCAT is "", MIN, MAX and SAMPLE are errors (unbound).
  const emptyGroup = keys.length
    ? undefined
    : Object.fromEntries(
        aggs.flatMap((a, i): Array<[string, 'zero' | 'empty string']> => {
          if (/^(COUNT|SUM|AVG)\(/.test(a)) return [[names[i], 'zero']];
          return /^GROUP_CONCAT\(/.test(a) ? [[names[i], 'empty string']] : [];
        }),
      );
  const projected = [...keys, ...names];
  const order = rng.chance(0.3) ? orderOf(rng, projected) : undefined;
  const slice = order && rng.chance(0.3) ? sliceOf(rng) : undefined;
  const whereText = filters.length ? `{ ${where.text} ${[...new Set(filters)].join(' ')} }` : where.text;
  const head = `SELECT ${keys.map((k) => `?${k}`).join(' ')} ${aggs.map((a, i) => `(${a} AS ?${names[i]})`).join(' ')}`;
  const body = `WHERE ${whereText}${keys.length ? ` GROUP BY ${keys.map((k) => `?${k}`).join(' ')}` : ''}${having}${orderText(order)}`;
  return {
    id,
    form: 'SELECT',
    text: `${head} ${body}${sliceText(slice)}`,
    oracle: `${head} ${body}`,
    order,
    slice,
    features: ['aggregate', ...(having ? ['having'] : [])],
    emptyGroup,
    aggregates: Object.fromEntries(aggs.map((a, i) => [names[i], /^\w+/.exec(a)![0]])),
  };
}

function ask(gen: Patterns, id: string): Case {
  const text = `ASK ${gen.group(1).text}`;
  return { id, form: 'ASK', text, oracle: text, features: ['ask'] };
}

function construct(rng: Random, gen: Patterns, id: string): Case {
  if (rng.chance(0.2)) {
    // The short form takes triple patterns only: no paths, and blank nodes become variables.
    const bgp = gen.bgp(new Set(), rng.int(1, 3), false).text.replace(/\[\]|_:j\d+/g, () => `?${gen.freshVar('w')}`);
    const text = `CONSTRUCT WHERE { ${bgp} }`;
    return { id, form: 'CONSTRUCT', text, oracle: text, features: ['construct-where'] };
  }
  const where = gen.group(rng.int(0, 1));
  const vars = [...where.vars];
  const term = (subject: boolean) => {
    const roll = rng.next();
    if (vars.length && roll < 0.6) return `?${rng.pick(vars)}`;
    if (roll < 0.75) return '_:t';
    return subject ? termText(rng.pick(SUBJECTS)) : gen.objectConstant();
  };
  const template = Array.from(
    { length: rng.int(1, 3) },
    () => `${term(true)} ${rng.chance(0.2) && vars.length ? `?${rng.pick(vars)}` : predicateText(rng.pick(PREDICATE_LIST))} ${term(false)}`,
  );
  const text = `CONSTRUCT { ${template.join(' . ')} } WHERE ${where.text}`;
  return { id, form: 'CONSTRUCT', text, oracle: text, features: ['construct'] };
}

/**
 * DESCRIBE, and as the oracle the description docs/endpoint.md promises (the triples of the default graph whose
 * subject is a described resource), written as a CONSTRUCT: SPARQL leaves DESCRIBE's answer to the implementation (§16.4).
 */
function describe(rng: Random, gen: Patterns, id: string): Case {
  const constants = rng.chance(0.5) ? [gen.node()] : [];
  if (!constants.length || rng.chance(0.6)) {
    const where = gen.group(rng.int(0, 1));
    const vars = [...where.vars];
    const described = vars.length ? rng.some(vars, rng.int(1, 2)) : [];
    if (described.length) {
      const branches = [
        // A blank-node label may not appear in two basic graph patterns: each copy of the pattern gets its own.
        ...described.map(
          (v, i) =>
            `{ { SELECT (?${v} AS ?describe_r) WHERE ${where.text.replace(/_:(j\d+)/g, `_:$1c${i}`)} } FILTER(bound(?describe_r)) }`,
        ),
        ...(constants.length ? [`{ VALUES ?describe_r { ${constants.join(' ')} } }`] : []),
      ];
      const oracle = `CONSTRUCT { ?describe_r ?describe_p ?describe_o } WHERE { ${branches.join(' UNION ')} ?describe_r ?describe_p ?describe_o }`;
      return {
        id,
        form: 'DESCRIBE',
        text: `DESCRIBE ${[...constants, ...described.map((v) => `?${v}`)].join(' ')} WHERE ${where.text}`,
        oracle,
        features: ['describe'],
      };
    }
  }
  const resources = constants.length ? constants : [gen.node()];
  return {
    id,
    form: 'DESCRIBE',
    text: `DESCRIBE ${resources.join(' ')}`,
    oracle: `CONSTRUCT { ?describe_r ?describe_p ?describe_o } WHERE { VALUES ?describe_r { ${resources.join(' ')} } ?describe_r ?describe_p ?describe_o }`,
    features: ['describe'],
  };
}

function projectionOf(rng: Random, vars: string[]): string {
  const picked = rng.some(vars, rng.int(1, vars.length));
  if (rng.chance(0.2)) picked.push(rng.pick(VARIABLES.filter((v) => !vars.includes(v)).concat('z')));
  return picked.map((v) => `?${v}`).join(' ');
}

function orderOf(rng: Random, projected: string[]): OrderKey[] {
  return rng.some(projected, rng.int(1, Math.min(2, projected.length))).map((variable) => ({ variable, descending: rng.chance(0.4) }));
}

function orderText(order: OrderKey[] | undefined): string {
  return order ? ` ORDER BY ${order.map((k) => (k.descending ? `DESC(?${k.variable})` : `?${k.variable}`)).join(' ')}` : '';
}

function sliceOf(rng: Random): { offset: number; limit?: number } {
  const limit = rng.chance(0.85) ? rng.pick([0, 0, 1, 2, 3, 5, 10]) : undefined;
  const offset = limit === undefined || rng.chance(0.4) ? rng.pick([0, 1, 2, 4]) : 0;
  return { offset, limit };
}

function sliceText(slice: Case['slice']): string {
  if (!slice) return '';
  return `${slice.limit !== undefined ? ` LIMIT ${slice.limit}` : ''}${slice.offset || slice.limit === undefined ? ` OFFSET ${slice.offset}` : ''}`;
}
