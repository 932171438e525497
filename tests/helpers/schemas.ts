// Every JSON file upsview writes is checked against its schema in schemas/ with ajv (draft
// 2020-12), in every test cycle: a field added without its schema, or a schema that no longer
// matches, fails the tests that made the file.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { REPO } from './cli.ts';
import { textOf, type OutputFile } from '../../src/publish/atomic-write.ts';

/** Which schema each written JSON file must match; a JSON file not listed here fails. */
const SCHEMA_OF: readonly [RegExp, string][] = [
  [/^status\.json$/, 'status.schema.json'],
  [/^history\.json$/, 'history.schema.json'],
  [/^badges\/[a-z0-9_]+\.json$/, 'badge.schema.json'],
];

// What status.json writes: Date#toISOString (UTC, milliseconds).
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let compiled: Map<string, ValidateFunction> | undefined;

async function schemaNames(): Promise<string[]> {
  return (await readdir(path.join(REPO, 'schemas'))).filter((name) => name.endsWith('.schema.json')).sort();
}

export async function validators(): Promise<Map<string, ValidateFunction>> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('date-time', (value: string) => ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)));
  const map = new Map<string, ValidateFunction>();
  for (const name of await schemaNames()) {
    map.set(name, ajv.compile(JSON.parse(await readFile(path.join(REPO, 'schemas', name), 'utf8')) as object));
  }
  compiled = map;
  return map;
}

/** Throws naming the file and every place where it breaks its schema. */
export async function assertMatchesSchema(schema: string, value: unknown, what: string): Promise<void> {
  const validate = (await validators()).get(schema);
  if (!validate) throw new Error(`no schema ${schema} in schemas/`);
  if (validate(value)) return;
  const errors = (validate.errors ?? []).slice(0, 10).map((error) => `  ${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  throw new Error(`${what} does not match schemas/${schema} (a new field needs its place there too):\n${errors.join('\n')}`);
}

/** Checks every written file that is JSON; the published schemas must be the repository's own. */
export async function assertValidOutputs(files: readonly OutputFile[]): Promise<void> {
  const names = await schemaNames();
  for (const file of files) {
    const name = file.name.split(path.sep).join('/');
    if (name.startsWith('schemas/')) {
      if (!names.includes(path.basename(name))) throw new Error(`${name} is published but not in schemas/`);
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const schema = SCHEMA_OF.find(([pattern]) => pattern.test(name))?.[1];
    if (!schema) throw new Error(`${name} has no schema: add one to schemas/ and to tests/helpers/schemas.ts`);
    await assertMatchesSchema(schema, JSON.parse(textOf(file.content)), name);
  }
}

/** The same for a whole output folder on disk (command-line runs). */
export async function assertValidOutputDir(dir: string): Promise<void> {
  const names = (await readdir(dir, { recursive: true })).filter((name) => !path.basename(name).startsWith('.'));
  const files = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => ({ name, content: await readFile(path.join(dir, name), 'utf8') })),
  );
  await assertValidOutputs(files);
}
