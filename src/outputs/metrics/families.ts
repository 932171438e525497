// Pure: the metrics file's families, written as pieces of its text, each family's text kept from
// one cycle to the next while its lines are the same.

import type { Piece } from '../../publish/atomic-write.ts';
import { familyHead, sampleLine } from './exposition.ts';
import { utf8 } from '../../shared/utf8.ts';

/** A family's sample lines and its text (HELP, TYPE, lines; none without lines), kept encoded (atomic-write.ts). */
export interface FamilyText {
  lines: readonly string[];
  text: Uint8Array | null;
}

/** Where the file's text goes: its pieces in order (the writer takes them as they are), and each family's text by name. */
export interface Writer {
  out: Piece[];
  before: Map<string, FamilyText>;
  now: Map<string, FamilyText>;
}

const familyOf = (metric: string, help: string, lines: readonly string[]): FamilyText => ({
  lines,
  text: lines.length === 0 ? null : utf8(`${familyHead(metric, help, 'gauge')}${lines.join('')}`),
});

/**
 * A gauge family of upsview_<name>: a sample per item, leaving out values that are not finite.
 * Last cycle's text is reused while every line is the same (most families, most cycles: the lines
 * come kept from UnitLines), so the file is ~35 kept texts instead of ~25,000 new lines (issue 11).
 */
export function gauge<T>(writer: Writer, name: string, help: string, items: readonly T[], sample: (item: T, metric: string) => string | null): void {
  const metric = `upsview_${name}`;
  const before = writer.before.get(metric);
  // Made only from the first line that differs from last cycle's.
  let lines: string[] | null = null;
  let count = 0;
  // Indexed: without V8's optimising compiler (npm start), a for-of makes an object per item.
  for (let i = 0; i < items.length; i++) {
    const line = sample(items[i] as T, metric);
    if (line === null) continue;
    if (lines === null && before?.lines[count] !== line) lines = before ? before.lines.slice(0, count) : [];
    lines?.push(line);
    count++;
  }
  const same = lines === null && before !== undefined && before.lines.length === count;
  const family = same ? before : familyOf(metric, help, lines ?? before?.lines.slice(0, count) ?? []);
  writer.now.set(metric, family);
  if (family.text !== null) writer.out.push(family.text);
}

export const finite = (metric: string, labels: string, value: number | null) =>
  value !== null && Number.isFinite(value) ? sampleLine(metric, labels, value) : null;
