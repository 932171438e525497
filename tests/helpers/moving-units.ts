// Dumps whose readings move, as a real UPS's do from one poll to the next: the static dumps let
// every output reuse last cycle's work, which a real site allows far less often. The bench and the
// footprint script measure both.

import { readFile } from 'node:fs/promises';
import type { UnitSpec } from './upsd.ts';

/**
 * Readings that move on a real UPS on mains. The charge stays put (at 100 % on mains): were it to
 * move, every badge would be written every cycle, as in an outage.
 */
const MOVING = new Set(['input.voltage', 'input.frequency', 'output.voltage', 'battery.voltage', 'battery.runtime', 'ups.load', 'ups.temperature']);

/**
 * Each dump as a dummy-ups sequence (NUT's dummy-ups man page): the dump, then every moving reading
 * it has one higher, a second each, over and over.
 */
export async function movingUnits(units: readonly UnitSpec[]): Promise<UnitSpec[]> {
  return Promise.all(
    units.map(async (unit) => {
      const dump = unit.dev ?? (await readFile(unit.devFile as string, 'utf8'));
      const moved = dump.split(/\r?\n/).flatMap((line) => {
        const reading = /^([\w.]+):\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line);
        return reading && MOVING.has(reading[1] as string) ? [`${reading[1]}: ${Number(reading[2]) + 1}`] : [];
      });
      return { name: unit.name, desc: unit.desc, seq: true, dev: `${dump}\nTIMER 1\n${moved.join('\n')}\nTIMER 1\n` };
    }),
  );
}
