// Reads the DDL dumps in place, the way dummy-ups does (reference §10): `name: value` lines, an
// unquoted `#` starts a comment, quotes and backslashes are honoured.

import { readFileSync } from 'node:fs';
import type { Corpus } from './corpus.ts';

function unquote(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) out += text[++i];
    else if (ch === '"') quoted = !quoted;
    else if (ch === '#' && !quoted) break;
    else out += ch;
  }
  return out.trim().replace(/\s+/g, ' ');
}

export function readDump(file: string): Record<string, string> {
  const vars: Record<string, string> = Object.create(null);
  for (const line of readFileSync(file, 'latin1').split(/\r?\n/)) {
    const match = /^([A-Za-z0-9_.-]+):\s?(.*)$/.exec(line);
    if (match) vars[match[1] as string] = unquote(match[2] as string);
  }
  return vars;
}

/** Every dump of a corpus as its file path and variables. */
export function dumpsOf(corpus: Corpus): { file: string; vars: Record<string, string> }[] {
  return corpus.units.map((unit) => ({ file: unit.file, vars: readDump(unit.file) }));
}
