// Waiting on external daemons (upsd, dummy-ups). They announce nothing a test could await, so their
// state is polled here, in one place, never slept on in a test.

const POLL_MS = 25;
const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** Polls `check` until it returns a value other than undefined; fails after `limitMs`. */
export async function waitUntil<T>(check: () => Promise<T | undefined>, what: string, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`harness: ${what} did not happen within ${limitMs} ms`);
    await pause();
  }
}

/**
 * Polls `left` (things not ready yet) until it reaches 0. The limit is on progress, not on the
 * total: it fails only when `left` has not fallen for `stallMs`, so 576 drivers on a loaded
 * two-core machine get the time they need while a stuck start still fails (issue 7).
 */
export async function waitForProgress(left: () => Promise<number> | number, what: (left: number) => string, stallMs = 15_000): Promise<void> {
  let best = Infinity;
  let progressAt = Date.now();
  for (;;) {
    const now = await left();
    if (now === 0) return;
    if (now < best) {
      best = now;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > stallMs) {
      throw new Error(`harness: no progress for ${stallMs} ms waiting for ${what(now)}`);
    }
    await pause();
  }
}
