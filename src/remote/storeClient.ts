// The external store over the standard protocols: SPARQL 1.1 Protocol (query, update) and the Graph Store Protocol.
import { digestAuthorization, DigestChallenge, parseDigestChallenge } from './digestAuth';
import { normaliseResults, SparqlJsonResults } from './sparqlResults';

/** Where the store answers, and how to sign in (credentials are held here only, never logged). */
export interface StoreEndpoints {
  /** SPARQL 1.1 query endpoint, e.g. http://localhost:8890/sparql. */
  queryUrl: string;
  /** SPARQL 1.1 update endpoint (default: the query endpoint). */
  updateUrl?: string;
  /** Graph Store Protocol endpoint (default: the query endpoint, as Fuseki and oxigraph serve it; Virtuoso: /sparql-graph-crud). */
  gspUrl?: string;
  user?: string;
  password?: string;
}

/** The store's dataset for one request: the protocol's default-graph-uri and named-graph-uri. */
export interface RequestDataset {
  defaultGraphs?: readonly string[];
  namedGraphs?: readonly string[];
}

export class StoreError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The row count at which the store says it cut an answer (Virtuoso's X-SPARQL-MaxRows, on a SELECT), if it did. */
export function storeCut(res: Response): number | undefined {
  const n = Number(res.headers.get('x-sparql-maxrows') ?? Number.NaN);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export class StoreClient {
  private readonly auth?: string;
  /** The store's last Digest challenge, answered on every request from then on (no Basic credentials after it). */
  private digest?: { challenge: DigestChallenge; nc: number };
  private readonly rowLimits = new Map<number, Promise<number | undefined>>();

  constructor(readonly endpoints: StoreEndpoints) {
    if (endpoints.user !== undefined)
      this.auth = `Basic ${Buffer.from(`${endpoints.user}:${endpoints.password ?? ''}`).toString('base64')}`;
  }

  /** Where the store is, for messages: the query URL without any credentials in it. */
  get where(): string {
    const u = new URL(this.endpoints.queryUrl);
    u.username = '';
    u.password = '';
    return u.href;
  }

  /** Runs a query; `accept` picks the answer's format. The body is returned unread, for the caller to bound. */
  async query(text: string, accept: string, dataset: RequestDataset = {}, signal?: AbortSignal): Promise<Response> {
    const form = new URLSearchParams({ query: text });
    for (const g of dataset.defaultGraphs ?? []) form.append('default-graph-uri', g);
    for (const g of dataset.namedGraphs ?? []) form.append('named-graph-uri', g);
    const res = await this.send(this.endpoints.queryUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
      body: form.toString(),
      signal,
    });
    return res;
  }

  /**
   * A SELECT or ASK, read whole as SPARQL JSON and normalised to the standard (see sparqlResults.ts). An answer the
   * store says it cut (storeCut) fails rather than come back short: forum-ld's own reads never ask for a LIMIT that long.
   */
  async select(text: string, dataset: RequestDataset = {}, signal?: AbortSignal): Promise<SparqlJsonResults> {
    const res = await this.query(text, 'application/sparql-results+json', dataset, signal);
    const out = normaliseResults(JSON.parse(await res.text()));
    const cut = storeCut(res);
    if (cut !== undefined && (out.results?.bindings.length ?? 0) >= cut)
      throw new StoreError(
        `the store cut its answer at ${cut} rows (Virtuoso's ResultSetMaxRows): raise it above the largest answer forum-ld reads (docs/store.md)`,
      );
    return out;
  }

  /**
   * The row count past which the store cuts answers without a word, when it is at most `maxRows` (Virtuoso's
   * ResultSetMaxRows: it names it in X-SPARQL-MaxRows on a SELECT it cut, but not on a CONSTRUCT); undefined when the store lets `maxRows + 1` rows through,
   * so that our own row cap always comes first. Asked once.
   */
  rowLimit(maxRows: number): Promise<number | undefined> {
    let known = this.rowLimits.get(maxRows);
    if (!known) {
      known = this.probeRowLimit(maxRows);
      this.rowLimits.set(maxRows, known);
      // A store that could not be asked is asked again next time.
      known.catch(() => this.rowLimits.delete(maxRows));
    }
    return known;
  }

  private async probeRowLimit(maxRows: number): Promise<number | undefined> {
    // Virtuoso's own setting, read through one of its built-in functions; any other store refuses the query and is
    // taken to cut nothing (Fuseki, oxigraph and QLever have no such silent cut).
    let res: SparqlJsonResults;
    try {
      res = await this.select("SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', 'ResultSetMaxRows') AS ?n) WHERE {}");
    } catch (e) {
      if (e instanceof StoreError && e.status !== undefined && e.status < 500) return undefined;
      throw e;
    }
    const n = Number(res.results?.bindings[0]?.n?.value ?? Number.NaN);
    return Number.isInteger(n) && n > 0 && n <= maxRows ? n : undefined;
  }

  /** Runs SPARQL 1.1 Update (the publish step only; the endpoint never forwards updates). */
  async update(text: string, signal?: AbortSignal): Promise<void> {
    const res = await this.send(this.endpoints.updateUrl ?? this.endpoints.queryUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-update' },
      body: text,
      signal,
    });
    await res.arrayBuffer();
  }

  /** Replaces one graph's content with an N-Triples body (Graph Store Protocol PUT); blank nodes are scoped to the body. */
  async putGraph(graph: string, body: Buffer | string): Promise<void> {
    const url = new URL(this.endpoints.gspUrl ?? this.endpoints.queryUrl);
    url.searchParams.set('graph', graph);
    const res = await this.send(url.href, {
      method: 'PUT',
      headers: { 'content-type': 'application/n-triples' },
      body,
    });
    await res.arrayBuffer();
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    let res = await this.fetchOnce(url, init);
    if (res.status === 401 && this.endpoints.user !== undefined) {
      // A store that asks for Digest (Virtuoso's -auth endpoints): answer its challenge from then on; a stale nonce
      // gives a new challenge, answered the same way. Virtuoso answers Basic credentials with a bare 401 and sends
      // its challenge only to a request without any: one such request asks for it.
      let challenge = parseDigestChallenge(res.headers.get('www-authenticate'));
      if (!challenge && !this.digest) {
        await res.arrayBuffer().catch(() => undefined);
        res = await this.fetchOnce(url, init, false);
        challenge = parseDigestChallenge(res.headers.get('www-authenticate'));
      }
      if (challenge) {
        await res.arrayBuffer().catch(() => undefined);
        this.digest = { challenge, nc: 0 };
        res = await this.fetchOnce(url, init);
      }
    }
    // Virtuoso rolls back one of two transactions that deadlock ("SR172: Transaction deadlocked", met with parallel
    // uploads) and says to run it again: every request forum-ld sends is idempotent, so it is, up to three times.
    for (let attempt = 1; res.status === 500 && attempt <= 3; attempt++) {
      const text = await res.text().catch(() => '');
      if (!/SR172|deadlock/i.test(text)) {
        res = new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
        break;
      }
      await new Promise((r) => setTimeout(r, 50 * attempt));
      res = await this.fetchOnce(url, init);
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 600).trim();
      throw new StoreError(`the store answered ${res.status} ${res.statusText}${text ? `: ${text}` : ''}`, res.status);
    }
    return res;
  }

  private async fetchOnce(url: string, init: RequestInit, credentials = true): Promise<Response> {
    const headers = new Headers(init.headers);
    // Without credentials: asking for the store's challenge.
    if (credentials && this.digest) {
      const u = new URL(url);
      headers.set(
        'authorization',
        digestAuthorization(this.digest.challenge, {
          method: init.method ?? 'GET',
          uri: `${u.pathname}${u.search}`,
          user: this.endpoints.user!,
          password: this.endpoints.password ?? '',
          nc: ++this.digest.nc,
        }),
      );
    } else if (credentials && this.auth) headers.set('authorization', this.auth);
    try {
      try {
        return await fetch(url, { ...init, headers });
      } catch (e) {
        // A kept-alive connection the store closed just as it was reused ("other side closed", met in a 1M publish
        // into Virtuoso): sent once more on a new connection. Every request forum-ld sends is idempotent (queries,
        // PUT, INSERT DATA and DELETE of sets, the switch), so a request the store did run is harmless run again.
        if ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError') throw e;
        if (((e as Error).cause as { code?: string })?.code !== 'UND_ERR_SOCKET') throw e;
        return await fetch(url, { ...init, headers });
      }
    } catch (e) {
      if ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError') throw e;
      throw new StoreError(
        `the store at ${this.where} cannot be reached: ${((e as Error).cause as Error)?.message ?? (e as Error).message}`,
      );
    }
  }
}
