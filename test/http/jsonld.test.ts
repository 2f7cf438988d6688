// Every JSON-LD document served, expanded by jsonld.js with the context fetched from this server, is the Turtle's graph.
import { strict as assert } from 'node:assert';
import { isomorphic } from 'rdf-isomorphic';
import request from 'supertest';
import { ForumApp, forumApp, BASE, DATASETS, parseServed, sitemapPaths } from '../forumFixture';

for (const { name, data } of DATASETS)
  describe(`http: JSON-LD documents (${name})`, () => {
    let t: ForumApp;
    let rdfPaths: string[];
    before(async () => {
      t = await forumApp({}, data);
      rdfPaths = [
        ...(await sitemapPaths(t.app)).filter((p) => /^\/(doc|def|graph|np)\//.test(p)),
        '/frame/event/rf-2019',
        '/frame/event/rf-2018',
      ];
    });
    after(() => t.close());

    it('covers documents of every kind: things, ontology, graphs, nanopublications, the dataset, framed editions', () => {
      for (const prefix of [
        '/doc/event/',
        '/doc/finding/',
        '/doc/organization/',
        '/def/forum',
        '/graph/',
        '/np/',
        '/doc/dataset',
        '/frame/',
      ]) {
        assert.ok(
          rdfPaths.some((p) => p.startsWith(prefix)),
          `no ${prefix} document among ${rdfPaths.length}`,
        );
      }
    });

    it('expands each to the same graph as its Turtle, with the context fetched from /context.jsonld', async function () {
      this.timeout(120_000);
      for (const p of rdfPaths) {
        const ld = await request(t.app).get(p).set('Accept', 'application/ld+json').expect(200);
        assert.match(ld.headers['content-type'], /^application\/ld\+json/, p);
        const doc = JSON.parse(ld.text);
        assert.ok([doc['@context']].flat().includes(`${BASE}context.jsonld`), `${p} names the published context`);
        // A graph or nanopublication document keeps its graphs in JSON-LD, as in TriG; the others are one graph, as Turtle.
        const graphs = /^\/(graph|np)\//.test(p);
        const ttl = await request(t.app)
          .get(p)
          .set('Accept', graphs ? 'application/trig' : 'text/turtle')
          .expect(200);
        const fromJson = await parseServed(t.app, ld.text, 'jsonld', p);
        const fromTurtle = await parseServed(t.app, ttl.text, graphs ? 'trig' : 'ttl', p);
        assert.ok(fromTurtle.length > 0, p);
        assert.ok(
          isomorphic(fromJson, fromTurtle),
          `${p}: the JSON-LD (${fromJson.length} triples) is not the Turtle's graph (${fromTurtle.length})`,
        );
      }
    });

    it('uses the context so keys are readable terms, not IRIs', async () => {
      const doc = JSON.parse((await request(t.app).get('/doc/event/rf-2019.jsonld').expect(200)).text);
      // The context may alias @id and @graph (the published one says "id"); find the edition either way.
      const nodes = (doc['@graph'] ?? doc.graph) as Array<Record<string, unknown>>;
      const node = nodes.find((n) => (n['@id'] ?? n.id) === `${BASE}id/event/rf-2019`)!;
      assert.ok(node, 'the edition is in its document');
      const keys = Object.keys(node);
      assert.deepEqual(
        keys.filter((k) => /^https?:/.test(k)),
        [],
        'no property is left as a full IRI',
      );
      for (const key of ['name', 'startDate', 'location']) assert.ok(keys.includes(key), `key ${key} in ${keys}`);
      assert.equal(node.startDate, '2019-12-12');
    });

    it('keeps named graphs in the JSON-LD dump: it expands to the same quads as the N-Quads dump', async () => {
      const ld = await request(t.app).get('/dumps/dataset.jsonld').set('Accept-Encoding', 'identity').expect(200);
      const nq = await request(t.app).get('/dumps/dataset.nq').set('Accept-Encoding', 'identity').expect(200);
      assert.ok(isomorphic(await parseServed(t.app, ld.text, 'jsonld'), await parseServed(t.app, nq.text, 'nq')));
    });

    it('serves the context as stable, versioned and cacheable', async () => {
      const cur = await request(t.app).get('/context.jsonld').expect(200);
      assert.match(cur.headers['content-type'], /^application\/ld\+json/);
      assert.match(cur.headers['cache-control'], /max-age=86400/);
      const pinned = cur.headers['content-location'];
      assert.match(pinned, /^\/context\/[0-9a-f]{12}\.jsonld$/);
      const v = await request(t.app).get(pinned).expect(200);
      assert.equal(v.text, cur.text);
      assert.match(v.headers['cache-control'], /immutable/);
      await request(t.app).get('/context/000000000000.jsonld').expect(404);
      assert.ok(JSON.parse(cur.text)['@context'].rf, 'the shipped context, base filled in');
      assert.doesNotMatch(cur.text, /forum-ld\.invalid/);
    });
  });
