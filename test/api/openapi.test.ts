// The OpenAPI 3.1 document at /api/openapi.json: valid by a maintained validator, and true to the named queries.
import { strict as assert } from 'node:assert';
import request from 'supertest';
import { BASE, TestApp } from '../helpers';
import { recordApp } from '../http/recordApp';

type Json = Record<string, any>;

describe('http/openapi: the API description', () => {
  let t: TestApp;
  let doc: Json;
  before(async () => {
    t = await recordApp();
    const res = await request(t.app).get('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    doc = JSON.parse(res.text);
  });
  after(async () => {
    await t.live.close();
  });

  it('validates as OpenAPI 3.1 with @seriousme/openapi-schema-validator', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.deepEqual(result.errors, undefined, JSON.stringify(result.errors, null, 2));
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
  });

  it('the validator does catch a broken document (the check can fail)', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const broken = JSON.parse(JSON.stringify(doc));
    broken.paths['/findings'].get.parameters[0].in = 'body';
    delete broken.info.title;
    assert.equal((await new Validator().validate(broken)).valid, false);
  });

  it('has one GET operation per named query, with its summary, tags and parameters from the decorators', () => {
    const queries = t.live.current.dataset.info.namedQueries!;
    assert.deepEqual(Object.keys(doc.paths).sort(), queries.map((q) => `/${q.name}`).sort());
    assert.deepEqual(doc.servers, [{ url: `${BASE}api`, description: 'This deployment' }]);
    for (const q of queries) {
      const op = doc.paths[`/${q.name}`].get;
      assert.equal(op.summary, q.summary);
      assert.deepEqual(op.tags, q.tags);
      assert.ok(op.description.includes(q.text), `${q.name}: the query is shown`);
      const own = op.parameters.filter((p: Json) => !p.$ref);
      assert.deepEqual(
        own.map((p: Json) => [p.name, p.in, p.required]),
        q.params.map((p) => [p.name, 'query', p.required]),
      );
      const refs = op.parameters.filter((p: Json) => p.$ref).map((p: Json) => p.$ref);
      assert.deepEqual(refs, q.pagination ? ['#/components/parameters/limit', '#/components/parameters/offset'] : []);
      assert.ok(op.responses['400'] && op.responses['406'], q.name);
      const types = Object.keys(op.responses['200'].content);
      assert.deepEqual(types[0], q.form === 'SELECT' ? 'application/json' : 'application/ld+json');
    }
  });

  it('describes each parameter type with a schema: IRIs, strings, language-tagged strings, dates, integers, enumerations', () => {
    const param = (path: string, name: string) => doc.paths[path].get.parameters.find((p: Json) => p.name === name);
    assert.deepEqual(param('/findings-mentioning', 'entity').schema, { type: 'string', format: 'iri-reference' });
    assert.equal(param('/findings-mentioning', 'entity').required, true);
    assert.equal(param('/findings-mentioning', 'entity').example, 'id/country/kz');
    assert.deepEqual(param('/sessions', 'event').schema, { type: 'string', format: 'iri-reference', default: 'id/event/rf-2019' });
    assert.equal(param('/search-findings', 'q').schema.type, 'string');
    assert.match('OSCE@en', new RegExp(param('/organisation-by-name', 'name').schema.pattern));
    assert.doesNotMatch('OSCE', new RegExp(param('/organisation-by-name', 'name').schema.pattern));
    assert.deepEqual(param('/editions', 'from').schema, { type: 'string', format: 'date' });
    assert.deepEqual(param('/findings', 'number').schema, { type: 'integer', minimum: 1 });
    assert.deepEqual(param('/organisations', 'role').schema.enum, [
      'with the support of',
      'in partnership with',
      'with financial support of',
      'was attended by',
    ]);
    assert.match(param('/organisations', 'role').description, /bound to `\?_role` as a string literal/);
  });

  it('documents the plain JSON keys as the variables the query projects', () => {
    const schema = doc.paths['/financial-supporters'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.items.properties), ['organization', 'name']);
    assert.deepEqual(schema.items.required, ['organization', 'name']);
  });

  it('GET /api sends JSON clients to the document, browsers to the documentation page', async () => {
    const json = await request(t.app).get('/api').set('Accept', 'application/json');
    assert.equal(json.status, 303);
    assert.equal(json.headers.location, '/api/openapi.json');
    const page = await request(t.app).get('/api').set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /<script src="\/assets\/swagger-ui\/swagger-ui-bundle.js"><\/script>/);
    assert.doesNotMatch(page.text, /https?:\/\/(?!localhost)[^"']*\.(js|css)/, 'no assets from a CDN');
    for (const q of t.live.current.dataset.info.namedQueries!) {
      // Each listed query links to a run with its example arguments, which must answer (a bare path would be a 400).
      const href = new RegExp(`href="(/api/${q.name}(?:\\?[^"]*)?)"`).exec(page.text)?.[1];
      assert.ok(href, `the page lists ${q.name} without JavaScript`);
      assert.equal((await request(t.app).get(href.replace(/&amp;/g, '&'))).status, 200, href);
    }
    const js = await request(t.app).get('/assets/swagger-ui/swagger-ui-bundle.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /javascript/);
    assert.equal((await request(t.app).get('/assets/swagger-ui/index.html')).status, 404, 'only the files the page needs');
    assert.equal((await request(t.app).get('/assets/swagger-ui/..%2Fpackage.json')).status, 404);
    const init = await request(t.app).get('/assets/api-docs.js');
    assert.match(init.text, /validatorUrl: null/);
  });
});
