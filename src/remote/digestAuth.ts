// HTTP Digest authentication (RFC 7616) for stores that ask for it (Virtuoso's /sparql-auth, /sparql-graph-crud-auth).
import { createHash, randomBytes } from 'node:crypto';

/** A server's Digest challenge (the WWW-Authenticate parameters). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  qop?: string;
  algorithm: 'MD5' | 'SHA-256';
}

/** The Digest challenge of a WWW-Authenticate header, or undefined when it offers none this client speaks. */
export function parseDigestChallenge(header: string | null): DigestChallenge | undefined {
  if (!header) return undefined;
  const at = header.search(/\bDigest\s/i);
  if (at < 0) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  re.lastIndex = at + 'Digest '.length;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
  if (!params.realm || !params.nonce || (algorithm !== 'MD5' && algorithm !== 'SHA-256')) return undefined;
  if (params.qop && !params.qop.split(',').some((q) => q.trim() === 'auth')) return undefined;
  return {
    realm: params.realm,
    nonce: params.nonce,
    opaque: params.opaque,
    qop: params.qop ? 'auth' : undefined,
    algorithm: algorithm as DigestChallenge['algorithm'],
  };
}

/** The Authorization header answering `challenge` for one request; `nc` counts the requests made with this nonce. */
export function digestAuthorization(
  challenge: DigestChallenge,
  request: { method: string; uri: string; user: string; password: string; nc: number; cnonce?: string },
): string {
  const h = (s: string) =>
    createHash(challenge.algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(s, 'utf8')
      .digest('hex');
  const cnonce = request.cnonce ?? randomBytes(12).toString('hex');
  const nc = request.nc.toString(16).padStart(8, '0');
  const ha1 = h(`${request.user}:${challenge.realm}:${request.password}`);
  const ha2 = h(`${request.method}:${request.uri}`);
  const response = challenge.qop ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`) : h(`${ha1}:${challenge.nonce}:${ha2}`);
  const q = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;
  const parts = [
    `username=${q(request.user)}`,
    `realm=${q(challenge.realm)}`,
    `nonce=${q(challenge.nonce)}`,
    `uri=${q(request.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${q(response)}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${q(challenge.opaque)}`);
  if (challenge.qop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${q(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
