// Seeded SPARQL expressions over a query's variables: the conditions FILTER takes and the values BIND and SELECT compute.
import type * as RDF from '@rdfjs/types';
import { Random } from '../../bench/random';
import type { GeneratedDataset } from './dataset';
import { LITERALS, NUMBERS, OTHERS, STRINGS, SUBJECTS, termText, XSD } from './vocabulary';

/** Builds a group graph pattern text for EXISTS over the variables given (supplied by the pattern generator). */
export type ExistsPattern = (vars: readonly string[]) => string;

const STRING_BITS = ['a', 'al', 'B', 'ch', 'e', '', ' ', ',', 'é', '☃'];
const DATATYPES = ['integer', 'decimal', 'double', 'float', 'string', 'boolean', 'date', 'dateTime', 'langString'].map((t) =>
  t === 'langString' ? 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString' : `${XSD}${t}`,
);

export class Expressions {
  constructor(
    private readonly rng: Random,
    private readonly ds: GeneratedDataset,
    private readonly exists?: ExistsPattern,
  ) {}

  /** A constant: mostly a term of the dataset, sometimes one it lacks. */
  constant(): string {
    const r = this.rng;
    const pool: RDF.Term[] = r.chance(0.75) && this.ds.objects.length ? this.ds.objects : [...LITERALS, ...SUBJECTS];
    const t = r.pick(pool);
    return termText(t.termType === 'BlankNode' ? r.pick(SUBJECTS) : t);
  }

  private str(): string {
    return JSON.stringify(this.rng.pick(STRING_BITS));
  }
  private num(): string {
    return this.rng.pick(['0', '1', '2', '-1', '2.5', '1.0e1', '3.0', '10']);
  }
  private v(vars: readonly string[]): string {
    return vars.length ? `?${this.rng.pick(vars)}` : this.constant();
  }

  /** A boolean-ish condition (errors included: SPARQL's error handling is part of what is compared). */
  condition(vars: readonly string[], depth = 0): string {
    const r = this.rng;
    const x = this.v(vars);
    if (depth < 2 && r.chance(0.2)) {
      const a = this.condition(vars, depth + 1);
      const b = this.condition(vars, depth + 1);
      return r.pick([`(${a} && ${b})`, `(${a} || ${b})`, `!(${a})`]);
    }
    const choices: Array<() => string> = [
      () => `${x} ${r.pick(['=', '!=', '<', '>', '<=', '>='])} ${this.constant()}`,
      () => `${x} ${r.pick(['=', '!=', '<', '>'])} ${this.v(vars)}`,
      () => `${r.pick(['bound', '!bound'])}(${vars.length ? x : '?unbound'})`,
      () => `${r.pick(['isIRI', 'isBlank', 'isLiteral', 'isNumeric', '!isLiteral'])}(${x})`,
      () =>
        r.pick([
          `lang(${x}) = "en"`,
          `langMatches(lang(${x}), "en")`,
          `langMatches(lang(${x}), "*")`,
          `lang(${x}) = ""`,
          `langMatches(lang(${x}), "EN-GB")`,
        ]),
      () => `datatype(${x}) = <${r.pick(DATATYPES)}>`,
      () =>
        r.pick([
          `str(${x}) = ${JSON.stringify(r.pick(STRINGS).value)}`,
          `STRSTARTS(str(${x}), ${this.str()})`,
          `CONTAINS(str(${x}), ${this.str()})`,
          `STRENDS(str(${x}), ${this.str()})`,
          `regex(str(${x}), "^[a-c]", "i")`,
          `regex(${x}, "a")`,
          `STRLEN(str(${x})) > ${r.int(0, 6)}`,
          `UCASE(str(${x})) = "ALPHA"`,
          `LCASE(${x}) = "beta"`,
          `STRBEFORE(str(${x}), "a") = ""`,
        ]),
      () =>
        r.pick([
          `${x} + 1 > ${this.num()}`,
          `${x} * 2 < ${this.num()}`,
          `-${x} < 0`,
          `ABS(${x}) >= ${this.num()}`,
          `${x} / 2 = ${this.num()}`,
        ]),
      () => `${x} ${r.pick(['IN', 'NOT IN'])} (${Array.from({ length: r.int(0, 3) }, () => this.constant()).join(', ')})`,
      () => `sameTerm(${x}, ${r.chance(0.5) ? this.constant() : this.v(vars)})`,
      () => `COALESCE(${x}, ${this.constant()}) = ${this.constant()}`,
      () =>
        r.pick([
          `year(${x}) = ${r.pick(['2016', '2017', '2018', '2019', '2020'])}`,
          `${x} > "2018-01-01"^^<${XSD}date>`,
          `${x} < "2018-06-01T00:00:00Z"^^<${XSD}dateTime>`,
        ]),
      () => x, // effective boolean value of whatever ?x holds
      // What the index evaluator takes (src/sparql/evaluate/): string functions on the term itself (tagged strings
      // and their compatibility, non-strings as errors), case mapping, REGEX with groups, alternation and flags.
      () =>
        r.pick([
          `CONTAINS(${x}, ${this.str()})`,
          `STRSTARTS(${x}, ${r.pick(['"a"@en', '"a"', '""', '"ch"@fr'])})`,
          `STRENDS(LCASE(${x}), ${this.str()})`,
          `CONTAINS(UCASE(${x}), "A")`,
          `regex(${x}, "^(a|b|c).*", "i")`,
          `regex(str(${x}), "a.c|[0-9]$", "s")`,
          `regex(${x}, "^.$")`,
          `(${x} >= ${this.constant()} || !bound(${x}))`,
        ]),
    ];
    if (this.exists && depth < 2) choices.push(() => `${r.pick(['EXISTS', 'NOT EXISTS'])} ${this.exists!(vars)}`);
    return r.pick(choices)();
  }

  /** A value for BIND or a projected expression. */
  value(vars: readonly string[]): string {
    const r = this.rng;
    const x = this.v(vars);
    const y = this.v(vars);
    return r.pick([
      () => `str(${x})`,
      () => `STRLEN(str(${x}))`,
      () => `UCASE(str(${x}))`,
      () => `CONCAT(str(${x}), "-", str(${y}))`,
      () => `lang(${x})`,
      () => `datatype(${x})`,
      () => `isIRI(${x})`,
      () => `${x} + ${this.num()}`,
      () => `${x} * ${this.num()}`,
      () => `${x} - ${y}`,
      () => `${x} / ${r.pick(['2', '4', '3'])}`,
      () => `ABS(${x})`,
      () => `CEIL(${x})`,
      () => `FLOOR(${x})`,
      () => `ROUND(${x})`,
      () => `COALESCE(${x}, ${y}, "none")`,
      () => `IF(isNumeric(${x}), ${x}, 0)`,
      () => `IF(bound(${x}), "yes", "no")`,
      () => `SUBSTR(str(${x}), ${r.int(1, 3)}, ${r.int(1, 4)})`,
      () => `REPLACE(str(${x}), "a", "A")`,
      () => `ENCODE_FOR_URI(str(${x}))`,
      () => `STRLANG(str(${x}), "de")`,
      () => `STRDT(str(${x}), <${EX_DT}>)`,
      () => `IRI(CONCAT("http://example.org/made/", ENCODE_FOR_URI(str(${x}))))`,
      () => `year(${x})`,
      () => `MONTH(${x})`,
      () => `HOURS(${x})`,
      () => `TZ(${x})`,
      () => `MD5(str(${x}))`,
      () => `SHA1(str(${x}))`,
      () => `<${XSD}${r.pick(['integer', 'decimal', 'double', 'string', 'boolean'])}>(${x})`,
      () => this.constant(),
      () => x,
      () => `STRAFTER(str(${x}), ${this.str()})`,
      () => `CONTAINS(str(${x}), ${this.str()})`,
      () => `(${this.condition(vars, 1)})`,
    ])();
  }

  /** A numeric constant of the dataset (or any), for comparisons that should sometimes hold. */
  number(): string {
    const nums = this.ds.literals.filter((l) => NUMBERS.includes(l));
    return termText(this.rng.pick(nums.length ? nums : NUMBERS));
  }

  /** A date or dateTime constant. */
  date(): string {
    return termText(this.rng.pick(OTHERS.filter((l) => /date/i.test(l.datatype.value))));
  }
}

const EX_DT = 'http://example.org/dt/custom';
