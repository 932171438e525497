// A UPS's variables from its LIST VAR items. When they are exactly those of the last cycle, in the
// same order, the last cycle's object itself is returned: building it again costs more than the
// comparison, and what is drawn from it later (assessment, cards) can be reused by identity.

/** Variable name -> value, exactly as upsd sent them; never changed once made (snapshots share it). */
export type Vars = Readonly<Record<string, string>>;

/** Whether `items` (`VAR <ups> <name> <value>`) would build exactly `previous`, key order included. */
function sameVars(items: readonly (readonly string[])[], previous: Vars): boolean {
  // for-in, not Object.keys/values: those sort a large object's keys anew on every call.
  let i = 0;
  for (const name in previous) {
    const item = items[i++];
    if (item === undefined || item[2] !== name || item[3] !== previous[name]) return false;
  }
  return i === items.length;
}

export function varsFrom(items: readonly (readonly string[])[], previous?: Vars | null): Vars {
  if (previous && sameVars(items, previous)) return previous;
  // A null prototype keeps names such as "__proto__" as plain data.
  const vars: Record<string, string> = Object.create(null);
  for (const [, , name, value] of items) {
    if (name !== undefined && value !== undefined) vars[name] = value;
  }
  return vars;
}
