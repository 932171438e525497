// Deep equality of plain data (strings, numbers, booleans, null, arrays, plain objects), for
// reusing last cycle's drawing of what did not change. Far cheaper than building a view and
// serialising it as a cache key (issue 11). Shared objects are compared by identity first, so data
// a cycle kept (the same `vars` object) costs nothing; it remembers nothing between calls, since
// recording every equal pair cost more than comparing the small objects again.

/**
 * Keys by `for…in`, not Object.keys: asked for every card's key each cycle, two key arrays per
 * object were ~1 MB of garbage a cycle for 576 UPSes (issue 11). Plain data has no inherited keys.
 */
function sameRecords(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in a) {
    if (!Object.prototype.hasOwnProperty.call(b, key) || !sameData(a[key], b[key])) return false;
    count++;
  }
  for (const key in b) if (Object.prototype.hasOwnProperty.call(b, key)) count--;
  return count === 0;
}

function sameArrays(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
  return true;
}

export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameArrays(a, b);
  return sameRecords(a as Record<string, unknown>, b as Record<string, unknown>);
}

/**
 * A comparer for objects that many values share (a host's descriptions, shared by its cards): each
 * pair is compared once. Use one per cycle.
 */
export function sharedDataComparer(): (a: object, b: object) => boolean {
  const found = new Map<object, Map<object, boolean>>();
  return (a, b) => {
    if (a === b) return true;
    const withA = found.get(a) ?? new Map<object, boolean>();
    found.set(a, withA);
    let equal = withA.get(b);
    if (equal === undefined) {
      equal = sameData(a, b);
      withA.set(b, equal);
    }
    return equal;
  };
}
