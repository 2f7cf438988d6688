// A quad store's buffers in one file, so a query process opens the store by reading it, not by parsing the data again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { QuadStore, SharedQuads } from './quadStore';

/** Bump when the layout of the file changes. */
const MAGIC = 'forum-ld quad store 1\n';

interface Layout {
  sections: Array<{ name: string; offset: number; bytes: number }>;
}

type Section = { name: string; view: Uint8Array | Uint32Array };

function sections(data: SharedQuads): Section[] {
  return [
    { name: 'dictionary.bytes', view: data.dictionary.bytes },
    { name: 'dictionary.offsets', view: data.dictionary.offsets },
    { name: 'dictionary.table', view: data.dictionary.table },
    ...data.orders.map((view, i) => ({ name: `order.${i}`, view })),
  ];
}

/** Writes the store's buffers to `file` (atomically: a temporary file renamed), sections 8-byte aligned. */
export async function writeSnapshot(store: QuadStore, file: string): Promise<void> {
  const parts = sections(store.share());
  const layout: Layout = { sections: [] };
  // The header's length depends on the offsets it lists: lay out with a generous fixed header size.
  const headerBytes = 8 + 4096;
  let at = headerBytes;
  for (const p of parts) {
    layout.sections.push({ name: p.name, offset: at, bytes: p.view.byteLength });
    at += Math.ceil(p.view.byteLength / 8) * 8;
  }
  const json = Buffer.from(`${MAGIC}${JSON.stringify(layout)}`);
  if (json.length > headerBytes - 8) throw new Error('snapshot header too large');
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32LE(json.length, 0);
  json.copy(header, 8);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await handle.write(header, 0, header.length, 0);
    for (const [i, p] of parts.entries()) {
      const bytes = new Uint8Array(p.view.buffer, p.view.byteOffset, p.view.byteLength);
      if (bytes.length) await handle.write(bytes, 0, bytes.length, layout.sections[i].offset);
    }
    await handle.close();
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Reads a snapshot into one buffer of this process and returns views of it (nothing is copied twice). */
export function readSnapshot(file: string): SharedQuads {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const all = new Uint8Array(new ArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const n = fs.readSync(fd, all, at, size - at, at);
      if (n === 0) throw new Error(`the snapshot ${file} ended early`);
      at += n;
    }
    const length = Buffer.from(all.buffer, 0, 4).readUInt32LE(0);
    const text = Buffer.from(all.buffer, 8, length).toString('utf8');
    if (!text.startsWith(MAGIC)) throw new Error(`${file} is not a quad store snapshot of this version of forum-ld`);
    const layout = JSON.parse(text.slice(MAGIC.length)) as Layout;
    const get = (name: string) => layout.sections.find((s) => s.name === name)!;
    const u8 = (name: string) => new Uint8Array(all.buffer, get(name).offset, get(name).bytes);
    const u32 = (name: string) => new Uint32Array(all.buffer, get(name).offset, get(name).bytes / 4);
    const orders = layout.sections.filter((s) => s.name.startsWith('order.')).map((s) => u32(s.name));
    return { dictionary: { bytes: u8('dictionary.bytes'), offsets: u32('dictionary.offsets'), table: u32('dictionary.table') }, orders };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The snapshot file of a dataset version served by this process. The process id is part of the name, so servers
 * sharing a cache folder never remove each other's files; those of processes no longer running are swept.
 */
export function snapshotFile(dir: string, version: string): string {
  // A counter too: two services of one process may serve the same version (tests, a reload of unchanged data).
  return path.join(dir, `forum-ld-store-${version.replace(/[^0-9A-Za-z]/g, '').slice(0, 24)}-${process.pid}-${++written}.bin`);
}

let written = 0;

/** Removes snapshots (and half-written temporaries) left by server processes that are no longer running. */
export async function sweepSnapshots(dir: string): Promise<void> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = /^forum-ld-store-[0-9A-Za-z]*-(\d+)-\d+\.bin/.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    await fs.promises.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
