// Standard Linked Data clients against a running server: rdflib.js's Fetcher follows the 303 and reads the triples.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as rdflib from 'rdflib';
import { buildConfig } from '../../src/config';
import { createApp, openDataset } from '../../src/app';
import { LiveDataset } from '../../src/publish/live';
import { FIXTURES } from '../helpers';

describe('http: standard clients', () => {
  let server: http.Server;
  let base: string;
  let live: LiveDataset;

  before(async () => {
    server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const config = buildConfig({ data: path.join(FIXTURES, 'mini'), base, 'log-level': 'silent' }, {});
    live = openDataset(config, { workers: 0 });
    await live.reload();
    server.on('request', createApp(config, live));
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await live.close();
  });

  it('rdflib.js Fetcher dereferences an /id/ IRI over HTTP and gets its triples', async () => {
    const store = rdflib.graph();
    const fetcher = new rdflib.Fetcher(store, { timeout: 10000 });
    const thing = rdflib.sym(`${base}id/event/e1`);
    await fetcher.load(thing);
    const name = store.any(thing, rdflib.sym('https://schema.org/name'));
    assert.equal(name?.value, 'Mini Forum <2019> & Friends');
    const funder = store.any(thing, rdflib.sym('https://schema.org/funder'));
    assert.equal(funder?.value, `${base}id/organization/acme`);
  });
});
