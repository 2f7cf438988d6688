// The SPARQL editor's files (YASGUI), served from the installed package: no CDN, no request leaves this server.
import * as path from 'node:path';
import express from 'express';

export const EDITOR_ASSETS = '/assets/yasgui';

const FILES = new Set(['yasgui.min.js', 'yasgui.min.css', 'yasgui.min.js.map']);

export function editorAssets(): express.RequestHandler {
  const dir = path.dirname(require.resolve('@zazuko/yasgui/build/yasgui.min.js'));
  // Vary on every answer, the 304 included: compression() adds it only to bodies of a type it codes.
  const serve = express.static(dir, { index: false, maxAge: '1d', fallthrough: true, setHeaders: (res) => res.setHeader('Vary', 'Accept-Encoding') });
  return (req, res, next) => (FILES.has(req.path.slice(1)) ? serve(req, res, next) : next());
}
