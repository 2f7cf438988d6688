// `forum-ld export --out DIR`: writes the publication as static files with nginx, Apache and Netlify rules; prints a summary.
import type { Writable } from 'node:stream';
import { Config } from '../config';
import { ExportError, exportSite } from '../export/siteExport';
import { formatProblem } from '../rdf/problem';

export async function exportCommand(config: Config, out: Writable, err: Writable): Promise<number> {
  if (!config.outDir) {
    err.write('forum-ld export needs --out DIR: the folder to write the site to (new or empty).\n');
    return 2;
  }
  try {
    const r = await exportSite(config, config.outDir);
    out.write(
      `exported ${r.files} files (${(r.bytes / 1024).toFixed(0)} KiB) to ${r.dir}: ${r.documents} documents in every format, the pages, dumps, VoID, sitemap and assets, ` +
        `with nginx.conf, .htaccess and _redirects for ${config.baseIri}\n`,
    );
    if (r.leftOut.length)
      out.write(`not exported (they answer queries; serve them with forum-ld serve or drop the links): ${r.leftOut.join(', ')}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    for (const p of e.problems) err.write(`${formatProblem(p)}\n`);
    err.write(`${e.message}\n`);
    return 1;
  }
}
