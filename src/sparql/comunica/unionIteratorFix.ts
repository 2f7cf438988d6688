// asynciterator's UnionIterator (Comunica's UNION, and its bind joins) can wait forever when a source ends during its read.
import { UnionIterator } from 'asynciterator';

interface UnionInternals {
  _sources: unknown[];
  _read(count: number, done: () => void): void;
  _removeEmptySources(): void;
  _fillBufferAsync(): void;
  done: boolean;
  __removedWhileReading?: boolean;
}

let installed = false;

/**
 * UnionIterator._read walks its sources by index; when the source it reads ends right then (a join over nothing
 * ends inside its own read), the ended source is dropped from the list under the loop, the loop stops one short,
 * and the next source is never read. If that source had already said it was readable (an empty ArrayIterator does
 * so when made), no further 'readable' event comes, and the union waits forever: Comunica 5.4 never answered
 * `SELECT * { <s> ?c [] . { … nothing … } UNION { … nothing … } ?b <p> <s> }` (found by the differential tests;
 * docs/differential.md). asynciterator 3.10; no upstream issue found. After a read during which a source was dropped,
 * the union now reads its sources once more.
 */
export function installUnionIteratorFix(): void {
  if (installed) return;
  installed = true;
  const proto = UnionIterator.prototype as unknown as UnionInternals;
  const read = proto._read;
  const remove = proto._removeEmptySources;
  proto._removeEmptySources = function (this: UnionInternals) {
    this.__removedWhileReading = true;
    remove.call(this);
  };
  proto._read = function (this: UnionInternals, count: number, done: () => void) {
    this.__removedWhileReading = false;
    read.call(this, count, () => {
      done();
      if (this.__removedWhileReading && !this.done && this._sources.length > 0) this._fillBufferAsync();
    });
  };
}
