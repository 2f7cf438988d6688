// When the dataset version in service was published, remembered across restarts (the HTTP Last-Modified).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomically } from '../store/writeAtomically';

/**
 * The time `version` was published for `site` (its base IRI): unchanged since the last load with this cache folder,
 * or now. A restart on the same data so keeps its Last-Modified and crawlers' conditional requests keep getting 304s;
 * any other version, even one served long ago, is new now, so If-Modified-Since never hides a change.
 */
export async function publishedAt(root: string, site: string, version: string, now = new Date()): Promise<Date> {
  const file = path.join(root, 'forum-ld-versions', createHash('sha256').update(site).digest('hex').slice(0, 32));
  try {
    const [last, iso] = (await fs.promises.readFile(file, 'utf8')).trim().split(' ');
    const at = new Date(iso);
    if (last === version && !Number.isNaN(at.getTime()) && at.getTime() <= now.getTime()) return at;
  } catch {
    /* first load for this site */
  }
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await writeAtomically(file, `${version} ${now.toISOString()}\n`);
  } catch {
    /* an unwritable cache folder only costs the stable date */
  }
  return now;
}
