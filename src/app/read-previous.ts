// Reads the status.json of an earlier process, so last good values and their times survive a
// restart. It is our own file, but it may be from an older schema or damaged: anything that does
// not look right is ignored (the next cycle writes a fresh one).

import fse from 'fs-extra';
import path from 'node:path';
import { isPlainObject } from '../config/fields.ts';
import { SCHEMA_VERSION, type Snapshot } from '../snapshot/types.ts';

const isTime = (value: unknown) => value === null || typeof value === 'string';
const isError = (value: unknown) =>
  value === null || (isPlainObject(value) && typeof value.code === 'string' && typeof value.message === 'string');

// Every field the next snapshot and the state-change log read from the previous one: a damaged
// value here (a number where a string belongs) would otherwise throw in every cycle while the
// host stays down, and nothing would be written again.
function looksLikeUps(ups: unknown): boolean {
  return (
    isPlainObject(ups) &&
    typeof ups.name === 'string' &&
    typeof ups.description === 'string' &&
    isPlainObject(ups.vars) &&
    Object.values(ups.vars).every((value) => typeof value === 'string') &&
    isTime(ups.lastSuccessAt) &&
    isTime(ups.errorSince ?? null) &&
    isError(ups.error)
  );
}

function looksLikeSnapshot(value: unknown): value is Snapshot {
  return (
    isPlainObject(value) &&
    value.schemaVersion === SCHEMA_VERSION &&
    Array.isArray(value.hosts) &&
    value.hosts.every(
      (host: unknown) =>
        isPlainObject(host) &&
        typeof host.name === 'string' &&
        isTime(host.lastSuccessAt) &&
        isTime(host.errorSince ?? null) &&
        isError(host.error) &&
        Array.isArray(host.ups) &&
        host.ups.every(looksLikeUps),
    )
  );
}

export async function readPreviousSnapshot(outDir: string): Promise<Snapshot | null> {
  const file = path.join(outDir, 'status.json');
  const raw: unknown = await fse.readJson(file).catch(() => null);
  return looksLikeSnapshot(raw) ? raw : null;
}
