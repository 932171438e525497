// Pure: what a UPS or host that failed this cycle keeps from the previous snapshot. Its last good
// values stay, marked stale with the time they were read, so a failure never blanks the page.

import { assessUps } from '../status/assess.ts';
import { worst, type Severity } from '../status/severity.ts';
import { errorInWords } from '../shared/error-words.ts';
import type { ErrorInfo } from '../shared/errors.ts';
import type { UpsDraft } from './by-id.ts';

export type UpsCore = Pick<UpsDraft, 'name' | 'description' | 'error' | 'vars' | 'stale' | 'gone' | 'lastSuccessAt' | 'errorSince'>;

/** A UPS that upsd stopped listing is remembered this long after its last good data. */
const GONE_RETENTION_MS = 7 * 24 * 3600 * 1000;

const GONE: ErrorInfo = { code: 'GONE', message: 'upsd no longer lists this UPS' };

/** upsd answered with `ups.status: WAIT` alone (status/flags.ts isWaiting): no data from the driver yet. */
export const WAITING: ErrorInfo = { code: 'WAIT', message: 'upsd has no data from the UPS driver yet (it has just connected to it)' };

/** An error that goes on keeps the time it began; a new one begins now. */
export function errorSince(
  error: ErrorInfo | null,
  previous: { error: ErrorInfo | null; errorSince?: string | null } | undefined,
  now: string,
): string | null {
  if (!error) return null;
  return previous?.error ? (previous.errorSince ?? now) : now;
}

const sameError = (a: ErrorInfo | null, b: ErrorInfo | null) => a === b || (a !== null && b !== null && a.code === b.code && a.message === b.message);

/**
 * Derived fields (flags, state, severity, reasons, metrics) from the core; a UPS without data is a
 * warning. They depend on nothing but `vars` and `error`, so when `previous` has the very same
 * `vars` object (the poll keeps it when nothing changed) and the same error, its derived fields
 * are reused as they are: same values, same objects, for outputs that memoize on identity.
 */
export function assessed(core: UpsCore, previous?: UpsDraft): UpsDraft {
  if (previous && previous.vars === core.vars && sameError(previous.error, core.error)) return withDerived(core, previous);
  const hasData = Object.keys(core.vars).length > 0;
  const assessment = hasData ? assessUps(core.vars) : null;
  // In words, as the README promises and the summary says it: not a socket's text ("127.0.0.1:3493: ECONNREFUSED").
  const reasons = [...(core.error ? [errorInWords(core.error)] : []), ...(assessment?.reasons ?? [])];
  const severities: Severity[] = [assessment?.severity ?? 'warning', core.error ? 'warning' : 'ok'];
  return withDerived(core, {
    flags: assessment?.flags ?? [],
    state: assessment?.state ?? 'No data',
    severity: worst(severities),
    reasons,
    metrics: assessment?.metrics ?? null,
  });
}

/** Field by field, not a spread: every UPS draft gets the same shape, and nothing else rides along. */
function withDerived(core: UpsCore, derived: Pick<UpsDraft, 'flags' | 'state' | 'severity' | 'reasons' | 'metrics'>): UpsDraft {
  return {
    name: core.name,
    description: core.description,
    error: core.error,
    stale: core.stale,
    gone: core.gone,
    lastSuccessAt: core.lastSuccessAt,
    errorSince: core.errorSince,
    vars: core.vars,
    flags: derived.flags,
    state: derived.state,
    severity: derived.severity,
    reasons: derived.reasons,
    metrics: derived.metrics,
  };
}

/** The previous values of a UPS that could not be read now, with the reason. */
export function carriedOver(old: UpsDraft, error: ErrorInfo | null, now: string): UpsDraft {
  return assessed({ ...old, error, stale: true, errorSince: errorSince(error, old, now) }, old);
}

/** Those of `previous` that upsd no longer lists (`listed`: lower-case names), kept for a while as "gone". */
export function goneUps(previous: readonly UpsDraft[], listed: ReadonlySet<string>, now: Date): UpsDraft[] {
  const at = now.toISOString();
  return previous
    .filter((old) => !listed.has(old.name.toLowerCase()))
    .filter((old) => old.lastSuccessAt !== null && now.getTime() - Date.parse(old.lastSuccessAt) < GONE_RETENTION_MS)
    .map((old) => assessed({ ...old, error: GONE, stale: true, gone: true, errorSince: errorSince(GONE, old, at) }, old));
}
