// When a cron expression runs next. node-cron parses and validates the expression; the search for
// the next run walks its parsed fields in local time with plain Date arithmetic. node-cron's own
// search formats every candidate through Intl.DateTimeFormat: that loaded about 8 MB of ICU data
// into a daemon that otherwise never touches Intl, and cost about 0.7 ms of CPU per cycle (issue 11,
// Footprint). Its fields come from node-cron's parse, not from a task's matcher: making and
// destroying a task formats a date through Intl too, and held 6.7 MB more of the node binary in
// memory for the life of the daemon. Expressions with day tokens plain fields cannot hold (`L`,
// `15W`, `5#2`) keep node-cron's search.

import cron from 'node-cron';

/** Next run strictly after `from`. */
export type NextRun = (from: Date) => Date;

/** node-cron's parsed expression: seconds, minutes, hours, days of month, months (1–12), weekdays (0–6). */
type Fields = readonly (readonly (number | string)[])[];

interface TimeMatcher {
  getNextMatch(from: Date): Date;
}

/** The matcher every node-cron task carries (node-cron 4, src/tasks/inline-scheduled-task.ts). */
function matcherOf(expression: string): TimeMatcher {
  const task = cron.createTask(expression, () => undefined);
  void task.destroy();
  const matcher = (task as unknown as { timeMatcher?: Partial<TimeMatcher> }).timeMatcher;
  if (typeof matcher?.getNextMatch !== 'function') {
    throw new Error('node-cron has no next-run matcher: check the pinned node-cron version');
  }
  return matcher as TimeMatcher;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Whether `t` is in the second pass of an hour the clocks went back over (the same local hour an hour earlier). */
function repeatedHour(t: number, local: Date): boolean {
  const before = new Date(t - HOUR);
  return before.getHours() === local.getHours() && before.getTimezoneOffset() !== local.getTimezoneOffset();
}
/** Ten years of non-matching days, months or hours: beyond that the expression never runs (31 February). */
const MAX_STEPS = 100_000;

/** A search over plain numeric fields; null when a field holds a token only node-cron understands. */
function plainSearch(fields: Fields): NextRun | null {
  if (!fields.every((field) => field.every((value) => typeof value === 'number'))) return null;
  const [seconds, minutes, hours, days, months, weekdays] = fields.map((field) => new Set(field as number[])) as Set<number>[] as [
    Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>,
  ];
  // On the night clocks go back, a schedule of every hour runs through the repeated hour on real
  // time (no run lost, no gap of an hour); one of fixed hours (`30 2 * * *`) runs in its first pass
  // only, as cron does. Minutes are stepped on real time: a local 02:60 named 03:00 of the new
  // offset, and skipped the repeated hour whatever the schedule.
  const everyHour = hours.size === 24;
  return (from) => {
    let t = Math.floor(from.getTime() / SECOND) * SECOND + SECOND;
    for (let step = 0; step < MAX_STEPS; step++) {
      const d = new Date(t);
      const [year, month, day, hour, minute] = [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()];
      const nextMinute = Math.floor(t / MINUTE) * MINUTE + MINUTE;
      let next: number;
      // Like node-cron, a day must match both the day of month and the weekday.
      if (!months.has(month + 1)) next = new Date(year, month + 1, 1).getTime();
      else if (!days.has(day) || !weekdays.has(d.getDay())) next = new Date(year, month, day + 1).getTime();
      else if (!hours.has(hour)) next = new Date(year, month, day, hour + 1).getTime();
      else if (!everyHour && repeatedHour(t, d)) next = nextMinute;
      else if (!minutes.has(minute)) next = nextMinute;
      else if (!seconds.has(d.getSeconds())) next = t + SECOND;
      else return d;
      // Around a daylight-saving change a local time can name an earlier instant: never go back.
      t = Math.max(next, t + SECOND);
    }
    throw new Error('the schedule has no run in the next ten years');
  };
}

export function nextRunOf(expression: string): NextRun {
  const { second, minute, hour, dayOfMonth, month, dayOfWeek } = cron.parse(expression);
  const plain = plainSearch([second, minute, hour, dayOfMonth, month, dayOfWeek]);
  if (plain) return plain;
  const matcher = matcherOf(expression);
  return (from) => matcher.getNextMatch(from);
}
