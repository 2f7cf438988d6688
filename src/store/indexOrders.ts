// The four sorted orders of a quad store, made from the builder's id tuples (radix sorts, no comparisons).
import { sortedPermutation } from './radixSort';

/** Positions 0 subject, 1 predicate, 2 object, 3 graph, in sort priority: SPOG, POSG, OSPG, GSPO. */
export const ORDERS: ReadonlyArray<readonly number[]> = [
  [0, 1, 2, 3],
  [1, 2, 0, 3],
  [2, 0, 1, 3],
  [3, 0, 1, 2],
];
/**
 * How many leading components each order is sorted by. Only SPOG needs all four (it also removes duplicates):
 * a pattern binding all four is answered from it, so the others skip sorting their last component.
 */
export const DEPTH = [4, 3, 3, 3];

/** The bits of the largest id among `terms` ids. */
export const idBits = (terms: number): number => Math.max(1, Math.ceil(Math.log2(terms + 1)));

/**
 * The distinct tuples of `data` (n tuples of 4 ids) in SPOG order, in shared memory: that is also the SPOG order of
 * the store. Returns the number of distinct tuples, written at the start of `out` (n tuples long).
 */
export function uniqueSpog(data: Uint32Array, n: number, bits: number, out: Uint32Array): number {
  const perm = sortedPermutation(data, n, ORDERS[0], bits);
  let m = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const p = perm[i] * 4;
    if (
      prev >= 0 &&
      data[p] === data[prev] &&
      data[p + 1] === data[prev + 1] &&
      data[p + 2] === data[prev + 2] &&
      data[p + 3] === data[prev + 3]
    )
      continue;
    out[m * 4] = data[p];
    out[m * 4 + 1] = data[p + 1];
    out[m * 4 + 2] = data[p + 2];
    out[m * 4 + 3] = data[p + 3];
    m++;
    prev = p;
  }
  return m;
}

/**
 * The components order k is sorted by, starting from SPOG-sorted tuples: a stable sort leaves tuples equal in them in
 * SPOG order, so only the leading components after which the order's sequence is SPOG's are sorted (POSG by P and O,
 * OSPG by O, GSPO by G: four components in all instead of nine), and every order is sorted in full.
 */
export const SORTED_BY: ReadonlyArray<readonly number[]> = ORDERS.map((order) => {
  let j = 0;
  while (order.slice(j).join() !== [0, 1, 2, 3].filter((c) => !order.slice(0, j).includes(c)).join()) j++;
  return order.slice(0, j);
});

/** Writes order `k` of the `m` SPOG-sorted tuples of `spog` into `out` (m tuples, components in that order's sequence). */
export function sortOrder(spog: Uint32Array, m: number, k: number, bits: number, out: Uint32Array): void {
  const order = ORDERS[k];
  const pk = sortedPermutation(spog, m, SORTED_BY[k], bits);
  for (let i = 0; i < m; i++) {
    const src = pk[i] * 4;
    for (let j = 0; j < 4; j++) out[i * 4 + j] = spog[src + order[j]];
  }
}

const shared = (tuples: number) => new Uint32Array(new SharedArrayBuffer(tuples * 16));

/** The four orders in shared memory (worker threads and snapshots read them). `data` holds n tuples. */
export function sortOrders(data: Uint32Array, n: number, bits: number): Uint32Array[] {
  const all = shared(n);
  const m = uniqueSpog(data, n, bits, all);
  const spog = shared(m);
  spog.set(all.subarray(0, m * 4));
  const orders = [spog];
  for (let k = 1; k < ORDERS.length; k++) {
    const out = shared(m);
    sortOrder(spog, m, k, bits, out);
    orders.push(out);
  }
  return orders;
}
