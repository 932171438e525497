// Pure: which hourly rollups a cycle writes. Start-up then reads 30 days of hourly rows plus the
// last day of 5-minute ones, instead of 30 days of 5-minute rows (issue 8: start-up with 30 days
// of data is quick). Hours before `through` are on disk; the rest come from 5-minute rows.

import { HOUR, floorTo } from './bucket.ts';
import type { ClosedRow, UnitHistory } from './types.ts';
import { countUpTo } from './window-sums.ts';
import { withBuckets } from './written-hours.ts';

export interface HourRows {
  rows: ClosedRow[];
  through: number | null;
}

export function completedHours(units: Record<string, UnitHistory>, closed: readonly ClosedRow[], through: number | null): HourRows {
  if (closed.length === 0) return { rows: [], through };
  // Data for an hour already written (the clock stepped back) goes in as a partial row of its
  // hour; rows of one hour add up when read.
  const late = through === null ? [] : closed.filter((row) => row.bucket.t < through).map((row) => ({ ...row, bucket: { ...row.bucket, t: floorTo(row.bucket.t, HOUR) } }));
  const newest = floorTo(Math.max(...closed.map((row) => row.bucket.t)), HOUR);
  if (through !== null && newest <= through) return { rows: late, through };
  // Every hour before the newest closed bucket's is complete; the first time, that is all in memory.
  const from = through ?? -Infinity;
  const complete = Object.values(units).flatMap((unit) =>
    unit.hourly.filter((hour) => hour.t >= from && hour.t < newest).map((bucket) => ({ host: unit.host, ups: unit.ups, bucket })),
  );
  return { rows: [...late, ...complete], through: newest };
}

/**
 * The units with their hours before `through`, those in the hourly rollups, moved from the hourly
 * list into the written hours. A unit with none to move is kept as it is; most hours, only the one
 * just written is. Never changes a list: outputs keep what they made of one by identity.
 */
export function moveWrittenHours(units: Record<string, UnitHistory>, through: number | null): Record<string, UnitHistory> {
  if (through === null) return units;
  const moved: Record<string, UnitHistory> = {};
  for (const [key, unit] of Object.entries(units)) {
    const count = countUpTo(unit.hourly, through - 1);
    moved[key] = count === 0 ? unit : { ...unit, hourly: unit.hourly.slice(count), written: withBuckets(unit.written, unit.hourly.slice(0, count)) };
  }
  return moved;
}
