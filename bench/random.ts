// A small seeded PRNG (mulberry32) so that every run generates exactly the same records.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Skewed pick: low indexes are much more frequent (a rough Zipf), as words and organisations are in real text. */
  skewed<T>(items: readonly T[]): T {
    const r = this.next();
    return items[Math.floor(r * r * items.length)];
  }

  /** `n` distinct items (fewer if the list is shorter). */
  some<T>(items: readonly T[], n: number, skewed = false): T[] {
    const out = new Set<T>();
    for (let tries = 0; out.size < Math.min(n, items.length) && tries < n * 20; tries++)
      out.add(skewed ? this.skewed(items) : this.pick(items));
    return [...out];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
