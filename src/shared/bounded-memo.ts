// A pure function of a key remembered for the keys seen, within a bound: the same few keys come
// back every cycle (day starts, sample times), and making their values again was garbage (issue 11).
// Past the bound everything is forgotten at once: cheap, and only a clock or a server that keeps
// changing the keys gets there.

export function boundedMemo<K, V>(make: (key: K) => V, max: number): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= max) known.clear();
      value = make(key);
      known.set(key, value);
    }
    return value;
  };
}
