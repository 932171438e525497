// schemas/: the JSON Schemas of the JSON files in the output folder, published beside them so a
// consumer finds them at <site>/schemas/status.schema.json. Read once when the output is created.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../shared/package-root.ts';
import type { Output } from './types.ts';

/** Schemas of what the output folder holds; config.schema.json stays with the config. */
export const PUBLISHED_SCHEMAS = ['status.schema.json', 'history.schema.json', 'badge.schema.json'] as const;

export async function createSchemasOutput(): Promise<Output> {
  const files = await Promise.all(
    PUBLISHED_SCHEMAS.map(async (name) => ({ name: `schemas/${name}`, content: await readFile(path.join(PACKAGE_ROOT, 'schemas', name), 'utf8') })),
  );
  return { name: 'schemas', build: () => files };
}
