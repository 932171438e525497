// The NUT device dump library in ../shared/nut-ddl, read in place: never copied into the project.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UnitSpec } from './upsd.ts';

export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'nut-ddl');

export interface CorpusUnit extends UnitSpec {
  file: string;
}

/** Every dump as a dummy-ups unit named u000, u001, … with the file name as its description. */
export function corpusUnits(): CorpusUnit[] {
  if (!existsSync(CORPUS_DIR)) return [];
  const files = readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.dev'))
    .sort();
  return files.map((file, index) => ({
    name: `u${String(index).padStart(3, '0')}`,
    devFile: path.join(CORPUS_DIR, file),
    desc: path.basename(file, '.dev'),
    file: path.join(CORPUS_DIR, file),
  }));
}
