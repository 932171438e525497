// Work that callers arriving together must not start twice: those who come while it is under way
// wait for the same run, and the first to come after it has ended starts a new one.

export function sharedRun<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () =>
    (running ??= work().finally(() => {
      running = null;
    }));
}
