// Time as the job's schedule sees it, injected so tests run in virtual time. Two clocks: cron
// times live on the wall clock, which NTP or an operator can step either way at any moment
// (a Raspberry Pi has no RTC and boots in 1970); how long a wait really lasts is measured on the
// monotonic clock, which only moves forward at real speed.

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Milliseconds from an arbitrary origin; never steps. */
  monotonic(): number;
  /** Calls `run` once after `ms` milliseconds of monotonic time. */
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
