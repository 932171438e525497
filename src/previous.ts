// Reads the status.json of an earlier process, so last good values and their times survive a
// restart. It is our own file, but it may be from an older schema or damaged: anything that does
// not look right is ignored (the next cycle writes a fresh one).

import fse from 'fs-extra';
import path from 'node:path';
import { SCHEMA_VERSION, type Snapshot } from './snapshot.ts';

function looksLikeSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Snapshot>;
  return (
    candidate.schemaVersion === SCHEMA_VERSION &&
    Array.isArray(candidate.hosts) &&
    candidate.hosts.every(
      (host) =>
        typeof host?.name === 'string' &&
        Array.isArray(host.ups) &&
        host.ups.every((ups) => typeof ups?.name === 'string' && typeof ups.vars === 'object' && ups.vars !== null),
    )
  );
}

export async function readPreviousSnapshot(outDir: string): Promise<Snapshot | null> {
  const file = path.join(outDir, 'status.json');
  const raw: unknown = await fse.readJson(file).catch(() => null);
  return looksLikeSnapshot(raw) ? raw : null;
}
