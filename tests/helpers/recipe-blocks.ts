// The recipes of docs/recipes.md as the tests read them: each fenced block follows a
// `<!-- recipe: name -->` marker, so a test checks exactly the text a reader copies.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from './cli.ts';

/** The fenced block after `<!-- recipe: name -->` in docs/recipes.md. */
export async function recipe(name: string): Promise<string> {
  const doc = await readFile(path.join(REPO, 'docs', 'recipes.md'), 'utf8');
  const block = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(doc)?.[1];
  if (!block) throw new Error(`docs/recipes.md has no recipe "${name}"`);
  return block;
}

/** Every value of `key: "…"` or `key: …` in a YAML snippet, quotes removed. */
export const yamlValues = (yaml: string, key: string) =>
  [...yaml.matchAll(new RegExp(`^\\s*(?:- )?${key}: (.*)$`, 'gm'))].map((m) => (m[1] as string).trim().replace(/^"(.*)"$/, '$1'));
