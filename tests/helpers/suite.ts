// Suites whose setup failures are told, not lost. uvu 0.5 runs a suite inside try/finally and
// returns from the finally: whatever `before` throws is swallowed, and the suite's tests count as
// failed with no word of why. A throwing `after` or `after.each` escapes instead and ends the whole
// run before uvu prints its totals (issue 7). So here `before` records its error and every test of
// the suite fails with it; teardown gets the context as far as setup got (`Partial`) and never
// throws: its error is printed under TEARDOWN_FAILED, which scripts/run-tests.mjs counts as a failure.

import { suite, type Callback, type Test } from 'uvu';

/** The marker scripts/run-tests.mjs counts; keep the two in step. */
export const TEARDOWN_FAILED = '!! teardown failed';

export interface SuiteHooks<T> {
  before?(context: T): Promise<void> | void;
  beforeEach?(context: T): Promise<void> | void;
  /** Also runs after a failed beforeEach: clean up what exists. */
  afterEach?(context: Partial<T>): Promise<void> | void;
  /** Also runs after a failed before: clean up what exists. */
  after?(context: Partial<T>): Promise<void> | void;
}

const oneLine = (message: string) => Object.assign(new Error(message), { stack: message });

function guardTeardown<T>(name: string, hook: SuiteHooks<T>['after']) {
  return async (context: Partial<T>) => {
    try {
      await hook?.(context);
    } catch (error) {
      process.stdout.write(`\n${TEARDOWN_FAILED} in "${name}": ${(error as Error).stack ?? String(error)}\n`);
    }
  };
}

/** A uvu suite with hooks that report their failures (see the top of this file). */
export function suiteWith<T extends object>(name: string, hooks: SuiteHooks<T>): Test<T> {
  const test = suite<T>(name);
  let setupError: unknown = null;
  let told = false;
  test.before(async (context) => {
    try {
      await hooks.before?.(context);
    } catch (error) {
      setupError = error;
    }
  });
  test.before.each(async (context) => {
    if (setupError !== null) {
      if (told) throw oneLine(`setup of this suite failed (see the first test): ${(setupError as Error).message}`);
      told = true;
      throw setupError;
    }
    await hooks.beforeEach?.(context);
  });
  test.after.each(guardTeardown(name, hooks.afterEach));
  test.after(guardTeardown(name, hooks.after));
  return test;
}

const said = new Set<string>();

/**
 * The test function itself, or when `reason` is set uvu's `skip`: counted under "Skipped", with the
 * reason printed once, so nothing is left out silently.
 */
export function runUnless<T>(test: Test<T>, reason: string | null): (name: string, fn: Callback<T>) => void {
  if (reason === null) return test;
  if (!said.has(reason)) {
    said.add(reason);
    process.stdout.write(`\nskipped: ${reason}\n`);
  }
  return test.skip;
}
