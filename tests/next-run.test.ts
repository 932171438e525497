// The next-run search walks node-cron's parsed fields in local time. It must name the same run as
// node-cron's own (Intl-based) search, in time zones with and without daylight saving, and run on
// through the changes themselves.

import cron from 'node-cron';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nextRunOf } from '../src/config/next-run.ts';

const nextRun = suite('next-run');

const EXPRESSIONS = [
  '* * * * * *',
  '*/30 * * * * *',
  '10-20/3 */7 * * * *',
  '*/5 * * * *',
  '0,1 * * * *',
  '0 * * * *',
  '30 2 * * *',
  '15 3 * * *',
  '0 9-17 * * mon-fri',
  '*/5 * * * 1-5',
  '0 0 * * 0',
  '0 3 1 * *',
  '0 0 29 2 *',
  '0 0 1 jan,jul *',
];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];

/** node-cron's own search, in an explicit zone (its default-zone formatter is cached once per process). */
function reference(expression: string, timezone: string): (from: Date) => Date {
  const task = cron.createTask(expression, () => undefined, { timezone });
  void task.destroy();
  const matcher = (task as unknown as { timeMatcher: { getNextMatch(from: Date): Date } }).timeMatcher;
  return (from) => matcher.getNextMatch(from);
}

/** Instants spread over 2026, at every hour of the day. */
function instants(): Date[] {
  return Array.from({ length: 200 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 0.9137 * 86_400_000 + ((i * 7919) % 86_400) * 1000 + 500));
}

/** The zone's offset changes between the two times: node-cron and we read a repeated hour differently. */
const offsetChanges = (from: Date, to: Date) => from.getTimezoneOffset() !== to.getTimezoneOffset();

/** Runs `work` with the process in another time zone (Node reads TZ again when it changes). */
function inZone(zone: string, work: () => void): void {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    work();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

nextRun('names the same run as node-cron in every zone, all year', () => {
  for (const zone of ZONES) {
    inZone(zone, () => {
      for (const expression of EXPRESSIONS) {
        const ours = nextRunOf(expression);
        const theirs = reference(expression, zone);
        for (const from of instants()) {
          const [a, b] = [ours(from), theirs(from)];
          if (offsetChanges(from, a) || offsetChanges(from, b)) continue;
          assert.is(a.toISOString(), b.toISOString(), `${zone} "${expression}" from ${from.toISOString()}`);
        }
      }
    });
  }
});

nextRun('runs on through daylight-saving changes: no hour lost, a repeated time run once', () => {
  inZone('Europe/Berlin', () => {
    const everySecond = nextRunOf('* * * * * *');
    // node-cron's own search jumps from the first 02:08:13 of the night clocks go back to the second one, an hour later.
    for (const from of ['2026-10-25T00:08:13.500Z', '2026-10-25T00:59:59.000Z', '2026-03-29T00:59:59.000Z']) {
      assert.is(everySecond(new Date(from)).getTime(), Math.floor(Date.parse(from) / 1000) * 1000 + 1000, from);
    }
    // 02:30 happens twice that night: the job runs at the first, then the next night.
    const nightly = nextRunOf('30 2 * * *');
    const first = nightly(new Date('2026-10-24T20:00:00Z'));
    assert.is(first.toISOString(), '2026-10-25T00:30:00.000Z');
    assert.is(nightly(first).toISOString(), '2026-10-26T01:30:00.000Z');
    // A schedule of every hour runs through the repeated hour: five minutes apart in real time, all night.
    for (const [expression, gap] of [['*/5 * * * *', 5], ['0 * * * *', 60]] as const) {
      const next = nextRunOf(expression);
      let at = new Date('2026-10-24T23:00:00Z');
      while (at < new Date('2026-10-25T03:00:00Z')) {
        const after = next(at);
        assert.is((after.getTime() - at.getTime()) / 60_000, gap, `"${expression}" after ${at.toISOString()}`);
        at = after;
      }
    }
  });
});

nextRun('is strictly after the time it starts from, even a whole second', () => {
  const next = nextRunOf('* * * * * *');
  assert.is(next(new Date('2026-05-01T10:00:00.000Z')).toISOString(), '2026-05-01T10:00:01.000Z');
  assert.is(next(new Date('2026-05-01T10:00:00.999Z')).toISOString(), '2026-05-01T10:00:01.000Z');
});

nextRun('day tokens only node-cron understands keep its own search', () => {
  assert.is(nextRunOf('0 0 L * *')(new Date('2026-02-10T12:00:00Z')).getDate(), new Date(2026, 1, 28).getDate());
  assert.is(nextRunOf('0 12 * * 5#2')(new Date('2026-05-01T00:00:00')).getTime(), new Date(2026, 4, 8, 12).getTime());
});

nextRun('a plain schedule never formats a date through Intl, whose ICU data the daemon would hold for good', () => {
  const prototype = Intl.DateTimeFormat.prototype;
  const formatToParts = prototype.formatToParts;
  let formatted = 0;
  prototype.formatToParts = function (this: Intl.DateTimeFormat, date?: Date | number) {
    formatted++;
    return formatToParts.call(this, date);
  };
  try {
    let from = new Date('2026-05-01T10:00:00Z');
    for (const expression of EXPRESSIONS) {
      const next = nextRunOf(expression);
      for (let i = 0; i < 10; i++) from = next(from);
    }
    assert.is(formatted, 0);
    // node-cron's own search, kept for day tokens, does: the count sees it.
    nextRunOf('0 0 L * *')(from);
    assert.ok(formatted > 0);
  } finally {
    prototype.formatToParts = formatToParts;
  }
});

nextRun.run();
