// A publisher that rewrites only files whose content changed since this process last wrote them.
// Most of a large site's files (one badge per UPS, the schemas) are the same from one cycle to the
// next, and each atomic write costs a new file and a rename: with 576 UPSes, rewriting every badge
// took ~0.7 s per cycle (when each was also flushed to the disk). A file is written again when its
// content differs, when it is gone or its size is not what was written (someone changed it), and
// after any failed write.
//
// The last content written is kept and compared as text, not hashed: a hash encoded and read
// every byte of every file each cycle (about 12 MB and 30 ms a cycle for 576 UPSes), while a
// comparison stops at the first difference, or at once when the lengths differ or an output
// handed back the very strings it built last cycle (pieces are compared one by one). Files over
// COMPARE_LIMIT are not kept: on a large site they are status.json, metrics and the variables
// pages, and keeping them held about 18 MB more in memory. Such a file is written every cycle. A
// file made on demand (history.json) is left as it is while its output hands back the same version,
// and its text is made only to be written: only its version and size are kept (it was kept whole
// between its versions, 4.5 MB at 576 UPSes). Sizes are checked for a few files each cycle in
// turn, since a stat of all 577 files of that site cost about 5 ms every cycle, and a file checked
// so is known to be there; the others are looked for in one listing of their folder per cycle. A
// small site's files are all checked every cycle, with no listing.

import { readdirSync, statSync } from 'node:fs';
import { byteLengthOf, contentOf, isMadeOnDemand, lengthOf, placeOf, writeOutputs, type Content, type FileContent, type OutputFile } from './atomic-write.ts';

export type Publish = (dir: string, files: readonly OutputFile[]) => Promise<void>;

/** A file made on demand, as last written: the version it was made for and its size. */
interface WrittenVersion {
  version: object;
  bytes: number;
}

/** What was last written to a file, when it is not over COMPARE_LIMIT. */
type Written = Content | WrittenVersion;

const isVersion = (kept: Written | undefined): kept is WrittenVersion => typeof kept === 'object' && 'version' in kept;

/** The same text: strings compared as strings, pieces one by one (most are the very strings of last cycle). */
function sameContent(a: Written | undefined, b: FileContent): boolean {
  if (isMadeOnDemand(b)) return isVersion(a) && a.version === b.version;
  if (a === b) return true;
  if (a === undefined || isVersion(a) || typeof a === 'string' || typeof b === 'string') return false;
  return a.length === b.length && a.every((piece, i) => piece === b[i]);
}

/** What the file holds when no one changed it: the size written. */
const writtenBytes = (kept: Written | undefined, content: FileContent): number => (isVersion(kept) ? kept.bytes : byteLengthOf(content));

/** Longer texts (in UTF-16 code units) are not kept: written every cycle, unless made on demand. */
export const COMPARE_LIMIT = 1 << 20;

/** Files whose size is checked each cycle, in turn: every file of a small site, each cycle. */
export const SIZE_CHECKS_PER_CYCLE = 16;

// Made directly, not through fs/promises: metadata reads that return at once, where the thread
// pool's hops cost more CPU than the calls (as for the writes, src/publish/atomic-write.ts).
function namesIn(folder: string): Set<string> {
  try {
    return new Set(readdirSync(folder));
  } catch {
    return new Set();
  }
}
/** -1 when it cannot be read: the file is written again. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

export function createPublisher(write: Publish = writeOutputs): Publish {
  const written = new Map<string, Written>();
  let turn = 0;

  return async (dir, files) => {
    const planned = files.map((file) => ({ file, place: placeOf(dir, file.name) }));
    const same = planned.map(({ file, place }) => sameContent(written.get(place.target), file.content));
    const first = (turn++ * SIZE_CHECKS_PER_CYCLE) % Math.max(1, planned.length);
    const due = planned.map((_, i) => (i - first + planned.length) % planned.length < SIZE_CHECKS_PER_CYCLE);
    // A file due for its size check shows by that stat whether it is there; only the others need their folder listed.
    const folders = new Map<string, Set<string>>();
    for (const [i, { place }] of planned.entries()) {
      if (same[i] && !due[i] && !folders.has(place.folder)) folders.set(place.folder, namesIn(place.folder));
    }
    const checked = planned.map(({ file, place }, i) => {
      if (!same[i]) return false;
      // The same text as written: its size is what the file holds, unless someone changed or removed it.
      if (due[i]) return sizeOf(place.target) === writtenBytes(written.get(place.target), file.content);
      return folders.get(place.folder)?.has(place.base) === true;
    });
    // Those made on demand are made here, once: their size is kept, not their text.
    const changed = planned.filter((_, i) => !checked[i]).map(({ file, place }) => ({ file, place, content: contentOf(file.content) }));
    for (const { place } of changed) written.delete(place.target);
    await write(dir, changed.map(({ file, content }) => ({ ...file, content })));
    for (const { file, place, content } of changed) {
      if (isMadeOnDemand(file.content)) written.set(place.target, { version: file.content.version, bytes: byteLengthOf(content) });
      else if (lengthOf(content) <= COMPARE_LIMIT) written.set(place.target, content);
    }
  };
}
