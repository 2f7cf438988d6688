// Sorts 4-component id tuples without comparisons (LSD radix on 11-bit digits): a million quads in a few passes.

const DIGIT = 11;
const BUCKETS = 1 << DIGIT;
const MASK = BUCKETS - 1;

/**
 * The permutation that sorts the first `n` tuples of `data` (4 ids per tuple) by the components listed in `order`
 * (most significant first). `bits` is the number of significant bits of the largest id. Stable.
 */
export function sortedPermutation(data: Uint32Array, n: number, order: readonly number[], bits: number): Uint32Array {
  let perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let next = new Uint32Array(n);
  // Each component's ids travel with the permutation, so the digit passes read memory in order.
  let keys = new Uint32Array(n);
  let nextKeys = new Uint32Array(n);
  const count = new Uint32Array(BUCKETS);
  for (let c = order.length - 1; c >= 0; c--) {
    const comp = order[c];
    let max = 0;
    for (let i = 0; i < n; i++) {
      const k = data[perm[i] * 4 + comp];
      keys[i] = k;
      if (k > max) max = k;
    }
    // Only the digits this component uses (the predicates' ids are often all below 2^11: one pass instead of two).
    const used = Math.min(bits, 32 - Math.clz32(max));
    for (let shift = 0; shift < used; shift += DIGIT) {
      count.fill(0);
      for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & MASK]++;
      let sum = 0;
      for (let b = 0; b < BUCKETS; b++) {
        const k = count[b];
        count[b] = sum;
        sum += k;
      }
      for (let i = 0; i < n; i++) {
        const at = count[(keys[i] >>> shift) & MASK]++;
        next[at] = perm[i];
        nextKeys[at] = keys[i];
      }
      let t = perm;
      perm = next;
      next = t;
      t = keys;
      keys = nextKeys;
      nextKeys = t;
    }
  }
  return perm;
}
