// Entities in RDF/XML, resolved before the XML parser sees the text: internal ones expanded, anything else refused with its position.

/**
 * rdflib's XML parser (xmldom) neither expands the entities a DOCTYPE declares nor refuses the undefined ones: it
 * leaves `&rdf;` or `&xxe;` in the data as text. So the text is read here first. Declared internal entities with plain
 * text values (the usual `<!ENTITY rdf "http://www.w3.org/1999/02/22-rdf-syntax-ns#">`) are replaced by their values;
 * external entities, parameter entities, an external DTD, undefined entities and a bare `&` are refused, each with
 * line and column. Nothing is ever fetched, and with no entity inside another no expansion can grow without bound.
 */
export class XmlEntityError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'XmlEntityError';
  }
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*';

/** The text with declared entities expanded; throws XmlEntityError for what must not load. */
export function resolveXmlEntities(text: string): string {
  const at = (offset: number) => position(text, offset);
  const fail = (message: string, offset: number): never => {
    const [line, column] = at(offset);
    throw new XmlEntityError(message, line, column);
  };
  const doctype = /<!DOCTYPE\s/.exec(text);
  const entities = new Map<string, string>();
  let bodyStart = 0;
  if (doctype) bodyStart = readDoctype(text, doctype.index, entities, fail);
  if (!text.includes('&', bodyStart)) return text;
  let out = text.slice(0, bodyStart);
  let i = bodyStart;
  while (i < text.length) {
    const amp = nextReference(text, i);
    if (amp < 0) break;
    out += text.slice(i, amp);
    const m = new RegExp(`^&(#[0-9]+|#x[0-9a-fA-F]+|${NAME});`).exec(text.slice(amp, amp + 256));
    if (!m) fail('a bare "&" that starts no entity or character reference (write &amp;)', amp);
    const name = m![1];
    if (name.startsWith('#') || PREDEFINED.has(name)) out += m![0];
    // Escaped, so that a quote in a value stays text inside an attribute, as the entity's replacement text would.
    else if (entities.has(name)) out += entities.get(name)!.replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    else
      fail(
        `the entity &${name}; is not declared (only internal entities declared in the DOCTYPE, and &amp; &lt; &gt; &quot; &apos;, are read)`,
        amp,
      );
    i = amp + m![0].length;
  }
  return out + text.slice(i);
}

/** The next `&` outside comments, CDATA sections and processing instructions, from `from`; -1 when none is left. */
function nextReference(text: string, from: number): number {
  let i = from;
  for (;;) {
    const amp = text.indexOf('&', i);
    if (amp < 0) return -1;
    const skip = /<!--|<!\[CDATA\[|<\?/g;
    skip.lastIndex = i;
    const opener = skip.exec(text);
    if (!opener || opener.index > amp) return amp;
    const close = text.indexOf(opener[0] === '<!--' ? '-->' : opener[0] === '<?' ? '?>' : ']]>', opener.index + opener[0].length);
    if (close < 0) return -1; // unterminated: the XML parser reports it
    i = close + 3;
  }
}

/** Reads `<!DOCTYPE name [ … ]>` from `start`, collecting internal entities; returns the offset after it. */
function readDoctype(text: string, start: number, entities: Map<string, string>, fail: (message: string, offset: number) => never): number {
  let i = start + '<!DOCTYPE'.length;
  const head = new RegExp(`^\\s+${NAME}\\s*`).exec(text.slice(i));
  if (!head) fail('a DOCTYPE without a root element name', start);
  i += head![0].length;
  if (/^(SYSTEM|PUBLIC)\b/.test(text.slice(i, i + 6)))
    fail('an external DTD (SYSTEM or PUBLIC) is not read: declare the entities inside the DOCTYPE', i);
  if (text[i] === '[') {
    i++;
    for (;;) {
      i += /^\s*/.exec(text.slice(i))![0].length;
      if (i >= text.length) fail('the DOCTYPE\'s internal subset is not closed with "]>"', start);
      if (text[i] === ']') {
        i++;
        break;
      }
      if (text.startsWith('<!--', i)) {
        i = after(text, '-->', i, fail);
        continue;
      }
      if (text.startsWith('<?', i)) {
        i = after(text, '?>', i, fail);
        continue;
      }
      if (text[i] === '%') fail('parameter entity references are not read', i);
      if (text.startsWith('<!ENTITY', i)) {
        i = readEntity(text, i, entities, fail);
        continue;
      }
      if (/^<!(ELEMENT|ATTLIST|NOTATION)\b/.test(text.slice(i, i + 10))) {
        i = afterDeclaration(text, i, fail);
        continue;
      }
      fail('an unexpected declaration in the DOCTYPE', i);
    }
    i += /^\s*/.exec(text.slice(i))![0].length;
  }
  if (text[i] !== '>') fail('the DOCTYPE is not closed with ">"', i);
  return i + 1;
}

function readEntity(text: string, start: number, entities: Map<string, string>, fail: (message: string, offset: number) => never): number {
  const rest = text.slice(start, start + 64 * 1024);
  if (/^<!ENTITY\s+%/.test(rest)) fail('parameter entities are not read', start);
  const m = new RegExp(`^<!ENTITY\\s+(${NAME})\\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\\b)`).exec(rest);
  if (!m) fail('a malformed entity declaration', start);
  const [, name, double, single, external] = m!;
  if (external) fail(`the external entity "${name}" is not read: this loader never opens files or URLs named in the data`, start);
  const value = double ?? single ?? '';
  if (/[<&%]/.test(value)) fail(`the entity "${name}" holds markup or references; only plain text values are read`, start);
  const end = /^\s*>/.exec(text.slice(start + m![0].length));
  if (!end) fail(`the declaration of "${name}" is not closed with ">"`, start);
  // The first declaration binds (XML 1.0 §4.2).
  if (!entities.has(name)) entities.set(name, value);
  return start + m![0].length + end![0].length;
}

/** Past a declaration's closing `>`, skipping quoted strings (which may hold `>`). */
function afterDeclaration(text: string, start: number, fail: (message: string, offset: number) => never): number {
  let quote: string | undefined;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return fail('a declaration in the DOCTYPE is not closed with ">"', start);
}

function after(text: string, close: string, start: number, fail: (message: string, offset: number) => never): number {
  const end = text.indexOf(close, start);
  if (end < 0) fail(`"${text.slice(start, start + 4)}" is not closed with "${close}"`, start);
  return end + close.length;
}

/** 1-based line and column of an offset. */
function position(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return [line, offset - lineStart + 1];
}
