// A UPS's variables from the names and values of its LIST VAR reply. When they are exactly those
// read last time, in the same order, that record itself is returned: building it again costs more
// than the comparison, and what is drawn from it later (assessment, cards) can be reused by identity.

/** Variable name -> value, exactly as upsd sent them; never changed once made (snapshots share it). */
export type Vars = Readonly<Record<string, string>>;

/** Whether `pairs` (name, value, name, value, …) would build exactly `like`, key order included. */
function samePairs(pairs: readonly string[], like: Vars): boolean {
  // for-in, not Object.keys/values: those sort a large object's keys anew on every call.
  let i = 0;
  for (const name in like) {
    if (pairs[i] !== name || pairs[i + 1] !== like[name]) return false;
    i += 2;
  }
  return i === pairs.length;
}

/**
 * A value as a string of its own. A reply line is a slice of the socket's decoded chunk, and a
 * value cut from it of 13 characters or more (V8's shortest slice) would keep that whole chunk of
 * about 64 KB alive for as long as the value is kept: at 576 UPSes about 1 MB, held by model names
 * read once. A property name is made into a flat string of its own, shared by equal values.
 */
function ownString(value: string): string {
  return value.length < 13 ? value : (Object.keys({ [value]: 0 })[0] as string);
}

export function varsFrom(pairs: readonly string[], like?: Vars | null): Vars {
  if (like && samePairs(pairs, like)) return like;
  // A null prototype keeps names such as "__proto__" as plain data.
  const vars: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = pairs[i] as string;
    const value = pairs[i + 1] as string;
    // A value that did not change keeps last time's string: only what changed is new memory.
    const old = like?.[name];
    vars[name] = old === value ? old : ownString(value);
  }
  return vars;
}
