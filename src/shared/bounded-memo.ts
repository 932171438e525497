// A pure function of a key remembered for the keys seen, within a bound: the same few keys come
// back every cycle (day starts, sample times), and making their values again was garbage (issue 11).
// An argument that is not itself a good key (a list) is remembered by a key made from it, `keyOf`.
// Past the bound everything is forgotten at once: cheap, and only a clock or a server that keeps
// changing the keys gets there.

export function boundedMemo<A, V, K = A>(make: (arg: A) => V, max: number, keyOf: (arg: A) => K = (arg) => arg as unknown as K): (arg: A) => V {
  const known = new Map<K, V>();
  return (arg) => {
    const key = keyOf(arg);
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= max) known.clear();
      value = make(arg);
      known.set(key, value);
    }
    return value;
  };
}
