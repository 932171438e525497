// Real device dumps from the NUT Devices Dumps Library: the few bundled in tests/fixtures/ddl,
// always, and the whole library too when it sits beside the repository (../shared/nut-ddl) or
// UPSVIEW_DDL names its folder. Dumps are read in place, never copied.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UnitSpec } from './upsd.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLED_DIR = path.join(REPO_ROOT, 'tests', 'fixtures', 'ddl');

/** A bundled dump by its path in the library: `APC/APC__Back-UPS_….dev`. */
export const bundled = (file: string) => path.join(BUNDLED_DIR, file);

export interface CorpusUnit extends UnitSpec {
  file: string;
}

export interface Corpus {
  /** How the output names it: "bundled", "../shared/nut-ddl". */
  label: string;
  dir: string;
  units: CorpusUnit[];
}

/** Every .dev under `dir` as a dummy-ups unit named u000, u001, … with the file name as its description. */
function unitsIn(dir: string): CorpusUnit[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.dev'))
    .sort();
  return files.map((file, index) => ({
    name: `u${String(index).padStart(3, '0')}`,
    devFile: path.join(dir, file),
    desc: path.basename(file, '.dev'),
    file: path.join(dir, file),
  }));
}

/** The full library's folder, if there is one to use; UPSVIEW_DDL, when set, must exist. */
function libraryDir(): { label: string; dir: string } | null {
  const named = process.env.UPSVIEW_DDL;
  if (named) return { label: `UPSVIEW_DDL=${named}`, dir: path.resolve(named) };
  const beside = path.resolve(REPO_ROOT, '..', 'shared', 'nut-ddl');
  return existsSync(beside) ? { label: path.relative(REPO_ROOT, beside), dir: beside } : null;
}

let found: { own: Corpus; library: Corpus | null } | undefined;

function find(): { own: Corpus; library: Corpus | null } {
  if (found) return found;
  const where = libraryDir();
  const own = { label: 'bundled', dir: BUNDLED_DIR, units: unitsIn(BUNDLED_DIR) };
  const library = where && { ...where, units: unitsIn(where.dir) };
  const line = library
    ? `${own.units.length} bundled dumps + ${library.units.length} from ${library.label}`
    : `${own.units.length} bundled dumps only (no ../shared/nut-ddl beside the repository and UPSVIEW_DDL not set)`;
  process.stdout.write(`\ncorpus: ${line}\n`);
  found = { own, library };
  return found;
}

/**
 * The bundled dumps, then the full library when present. The first call says which on stdout, so
 * every run tells whether the full corpus was part of it.
 */
export function corpora(): Corpus[] {
  const { own, library } = find();
  return library ? [own, library] : [own];
}

/** The biggest corpus there is: the full library when present, else the bundled dumps. */
export function largestCorpus(): Corpus {
  const { own, library } = find();
  return library ?? own;
}
