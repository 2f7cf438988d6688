// Where a file's bytes stop being UTF-8, which every RDF 1.1 text syntax is: decoding them anyway would put U+FFFD in the data.
import { isUtf8 } from 'node:buffer';

/**
 * Undefined when `bytes` are UTF-8; else the first line (1-based) that is not, with the first byte there that cannot
 * start or continue a character, in hex (the line is what an editor shows; the byte is what to look for).
 */
export function nonUtf8Line(bytes: Uint8Array): { line: number; byte: string } | undefined {
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  let from = 0;
  while (from <= bytes.length) {
    const nl = bytes.indexOf(0x0a, from);
    const to = nl < 0 ? bytes.length : nl;
    const text = bytes.subarray(from, to);
    if (!isUtf8(text)) {
      return { line, byte: hex(text[firstBadByte(Buffer.from(text.buffer, text.byteOffset, text.byteLength))]) };
    }
    if (nl < 0) break;
    line++;
    from = nl + 1;
  }
  return { line, byte: '?' };
}

/** The offset of the first byte the decoder replaced (a U+FFFD the bytes themselves spell, EF BF BD, is skipped). */
function firstBadByte(text: Buffer): number {
  const decoded = text.toString('utf8');
  let at = 0;
  let chars = 0;
  for (let i = decoded.indexOf('\ufffd'); i >= 0; i = decoded.indexOf('\ufffd', i + 1)) {
    at += Buffer.byteLength(decoded.slice(chars, i), 'utf8');
    if (!(text[at] === 0xef && text[at + 1] === 0xbf && text[at + 2] === 0xbd)) return at;
    at += 3;
    chars = i + 1;
  }
  return 0;
}

function hex(b: number | undefined): string {
  return `0x${(b ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}
