// Deep equality of plain data (strings, numbers, booleans, null, arrays, plain objects), for
// reusing last cycle's drawing of what did not change. Far cheaper than building a view and
// serialising it as a cache key: for 576 UPSes that alone took ~40 ms a cycle (issue 11).

type Seen = WeakMap<object, object>;

function sameRecords(a: Record<string, unknown>, b: Record<string, unknown>, seen: Seen): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && same(a[key], b[key], seen));
}

function same(a: unknown, b: unknown, seen: Seen): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  const equal =
    Array.isArray(a) || Array.isArray(b)
      ? Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i], seen))
      : sameRecords(a as Record<string, unknown>, b as Record<string, unknown>, seen);
  if (equal) seen.set(a, b);
  return equal;
}

/**
 * A comparer that remembers which objects it found equal, so an object shared by many values (a
 * host's descriptions, shared by its cards) is compared once. Use one per cycle.
 */
export function sameDataComparer(): (a: unknown, b: unknown) => boolean {
  const seen: Seen = new WeakMap();
  return (a, b) => same(a, b, seen);
}
