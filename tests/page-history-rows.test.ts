// A card's history rows (availability in words) are kept from one cycle to the next while their
// cells read the same (src/outputs/page/history-card.ts rowsOf): kept exactly then, and drawn
// again as soon as any figure they show differs.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Availability, AvailabilityByWindow } from '../src/history/availability.ts';
import { rowsOf } from '../src/outputs/page/history-card.ts';

const HOUR = 3600;
const window = (over: Partial<Availability> = {}): Availability => ({
  mainsPercent: 100,
  outages: 0,
  onBatterySeconds: 0,
  longestOutageSeconds: 0,
  lowestCharge: 100,
  monitoredSeconds: 2 * HOUR,
  windowSeconds: 2 * HOUR,
  ...over,
});
const byWindow = (day: Partial<Availability> = {}): AvailabilityByWindow => ({ day: window(day), week: window(), month: window() });

const rows = suite('history rows kept between cycles');

rows('young history: the window grows, fully monitored, and the rows are kept', () => {
  const first = rowsOf(byWindow(), undefined);
  const later = rowsOf(byWindow({ monitoredSeconds: 2 * HOUR + 30, windowSeconds: 2 * HOUR + 30 }), first);
  assert.ok(later.rows === first.rows);
  assert.equal(later.rows, rowsOf(later.availability, undefined).rows);
});

rows('any figure the rows show drawn again when it differs', () => {
  const first = rowsOf(byWindow(), undefined);
  const changes: Partial<Availability>[] = [
    { mainsPercent: 99.5 },
    { outages: 1 },
    { onBatterySeconds: 30 },
    { longestOutageSeconds: 30 },
    { lowestCharge: 90 },
    { monitoredSeconds: HOUR },
  ];
  for (const change of changes) {
    const next = rowsOf(byWindow(change), first);
    assert.ok(next.rows !== first.rows, JSON.stringify(change));
    assert.equal(next.rows, rowsOf(next.availability, undefined).rows, JSON.stringify(change));
  }
});

rows('a monitored time short of its window is shown, so a new one draws the rows again', () => {
  const first = rowsOf(byWindow({ monitoredSeconds: HOUR }), undefined);
  const next = rowsOf(byWindow({ monitoredSeconds: HOUR + 60 }), first);
  assert.not.equal(next.rows, first.rows);
  assert.ok(rowsOf(byWindow({ monitoredSeconds: HOUR + 60, windowSeconds: 3 * HOUR }), next).rows === next.rows);
});

rows('a monitored time short of its window reads in whole minutes, the same all through a minute', () => {
  // After a restart the history has a gap, and the monitored time grows by every cycle's seconds:
  // to the second, every card was drawn anew each cycle for the next hour.
  const cells = (monitoredSeconds: number) => rowsOf(byWindow({ monitoredSeconds }), undefined).rows.find((row) => row.label === 'Monitored')?.cells[0];
  assert.is(cells(12 * 60 + 5), '12 min');
  assert.is(cells(12 * 60 + 55), '12 min');
  assert.is(cells(HOUR + 5 * 60 + 30), '1 h 05 min');
  assert.is(cells(45), '45 s');
});

rows.run();
