// Peer (framework ceiling): a bare express server answering each route with a fixed body of the size ours sends.
// Usage: node express.js --port P --bodies bodies.json   (bodies.json: { "/fixed/name": { "type": ..., "body": ... } })
import * as fs from 'node:fs';
import express from 'express';
import { flag } from './args';

const bodies = JSON.parse(fs.readFileSync(flag('bodies', 'bodies.json'), 'utf8')) as Record<string, { type: string; body: string }>;
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
for (const [route, { type, body }] of Object.entries(bodies)) {
  const buf = Buffer.from(body);
  app.get(route, (_req, res) => {
    res.type(type).send(buf);
  });
}
app.get('/ready', (_req, res) => {
  res.send('ok');
});
app.listen(Number(flag('port', '3033')), '127.0.0.1');
