// Pure: the power events between the last cycle (as remembered in the track, which survives a
// restart) and this snapshot. The one source of events: the log, status.json, the page and the
// history store all take them from here. Issue 8 "Power events".

import { errorInWords } from '../shared/error-words.ts';
import { formatDuration, formatNumber, formatPeriod } from '../shared/format.ts';
import { alarmText } from '../status/alarm.ts';
import { hasFlag, isOnBattery } from '../status/flags.ts';
import { WAITING } from './carry-over.ts';
import {
  FLAG_EVENTS,
  secondsBetween,
  upsKey,
  type EventTrack,
  type EventType,
  type FlagEventToken,
  type HostTrack,
  type PowerEvent,
  type UpsTrack,
} from './events.ts';
import type { HostSnapshot, Snapshot, UpsSnapshot } from './types.ts';

export interface DeriveOptions {
  /** A pause between cycles longer than this is a monitoring gap (unknown time). */
  gapSeconds: number;
}

export interface Derived {
  events: PowerEvent[];
  track: EventTrack;
}

/** This cycle's look: the options, and where a monitoring gap that ends now began. */
interface Look extends DeriveOptions {
  /** The last cycle before a gap that ends with this one; null when there was none. */
  gapFrom: string | null;
}

/**
 * A host or driver back after `since`: how long it was out, up to now. Noticed after a gap in
 * monitoring, it came back somewhere in the gap, so only the part up to the last cycle before it
 * is known; gaps inside the outage (`unseen` seconds, out on both sides) are unknown time too (as
 * for "back on mains").
 */
function backAgain(back: string, out: string, since: string, now: string, look: Look, unseen = 0): { text: string; durationSeconds: number } {
  const durationSeconds = Math.max(0, secondsBetween(since, look.gapFrom ?? now) - unseen);
  const text =
    look.gapFrom !== null
      ? `${back}, noticed after a gap: ${out} for at least ${formatPeriod(durationSeconds)}`
      : unseen > 0
        ? `${back}, with a gap in monitoring meanwhile: ${out} for at least ${formatPeriod(durationSeconds)}`
        : `${back} after ${formatPeriod(durationSeconds)}`;
  return { text, durationSeconds };
}

/** `unseen` plus this cycle's gap when the thing was out before it and is still out: it may not have been. */
const plusGap = (unseen: number | undefined, outBefore: boolean, now: string, look: Look): number | undefined =>
  outBefore && look.gapFrom !== null ? (unseen ?? 0) + secondsBetween(look.gapFrom, now) : unseen;

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function lowestWords(charge: number | null, runtime: number | null): string {
  const parts = [
    ...(charge === null ? [] : [`lowest charge ${formatNumber(charge)} %`]),
    ...(runtime === null ? [] : [`lowest runtime ${formatDuration(runtime)}`]),
  ];
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

function newTrack(host: string, ups: string): UpsTrack {
  return { host, ups, present: true, lostSince: null, seenAt: null, batterySince: null, lowestCharge: null, lowestRuntimeSeconds: null, flags: [], alarm: '', testResult: null };
}

type Emit = (type: EventType, text: string, extra?: Partial<PowerEvent>) => void;

/** Seconds since the UPS was last seen when that is long enough to be a gap (unknown time); else 0. */
function unseenFor(track: UpsTrack, now: string, options: DeriveOptions): number {
  const seconds = track.seenAt === null ? 0 : secondsBetween(track.seenAt, now);
  return seconds > options.gapSeconds ? seconds : 0;
}

/** The on-battery period closed: nothing of it carries over to the next one. */
function withoutOutage(track: UpsTrack): UpsTrack {
  const { unseenSeconds: _closed, ...rest } = track;
  return { ...rest, batterySince: null, lowestCharge: null, lowestRuntimeSeconds: null };
}

/** On battery and back, with the duration and the lowest charge and runtime reached. */
function batteryEvents(track: UpsTrack, ups: UpsSnapshot, now: string, emit: Emit, options: DeriveOptions): UpsTrack {
  const m = ups.metrics;
  const charge = m?.batteryCharge ?? null;
  const runtime = m?.runtimeReliable ? m.runtimeSeconds : null;
  const gap = unseenFor(track, now, options);
  if (isOnBattery(ups.flags)) {
    if (track.batterySince) {
      const lowest = { lowestCharge: minOf(track.lowestCharge, charge), lowestRuntimeSeconds: minOf(track.lowestRuntimeSeconds, runtime) };
      // On battery before and after a gap: the gap is neither, so it stays out of the duration.
      return gap > 0 ? { ...track, ...lowest, unseenSeconds: (track.unseenSeconds ?? 0) + gap } : { ...track, ...lowest };
    }
    const reading = [...(charge === null ? [] : [`charge ${formatNumber(charge)} %`]), ...(runtime === null ? [] : [`runtime ${formatDuration(runtime)}`])];
    emit('on-battery', ['On battery', ...reading].join(', '));
    return { ...withoutOutage(track), batterySince: now, lowestCharge: charge, lowestRuntimeSeconds: runtime };
  }
  if (!track.batterySince) return track;
  // Not seen for a while: the mains came back somewhere in the gap, so only the seen part is known.
  const end = gap > 0 && track.seenAt ? track.seenAt : now;
  // Gaps inside the period, with the UPS on battery on both sides, are unknown time too.
  const unseen = track.unseenSeconds ?? 0;
  const duration = Math.max(0, secondsBetween(track.batterySince, end) - unseen);
  const lowest = lowestWords(track.lowestCharge, track.lowestRuntimeSeconds);
  const text =
    gap > 0
      ? `Back on mains, noticed after a gap: on battery for at least ${formatPeriod(duration)}${lowest}`
      : unseen > 0
        ? `Back on mains, with a gap in monitoring during the outage: on battery for at least ${formatPeriod(duration)}${lowest}`
        : `Back on mains: on battery for ${formatPeriod(duration)}${lowest}`;
  emit('on-mains', text, { durationSeconds: duration, lowestCharge: track.lowestCharge, lowestRuntimeSeconds: track.lowestRuntimeSeconds });
  return withoutOutage(track);
}

/** Flags with events of their own, the alarm text and the self-test result. */
function conditionEvents(track: UpsTrack, ups: UpsSnapshot, emit: Emit): UpsTrack {
  const flags: FlagEventToken[] = [];
  for (const { token, set, cleared, words } of FLAG_EVENTS) {
    const has = hasFlag(ups.flags, token);
    if (has) flags.push(token);
    if (has !== track.flags.includes(token)) emit(has ? set : cleared, has ? words[0] : words[1]);
  }
  const alarm = alarmText(ups.vars, ups.flags);
  if (alarm !== track.alarm) emit(alarm ? 'alarm' : 'alarm-cleared', alarm ? `Alarm: ${alarm}` : 'Alarm cleared');
  const result = ups.vars['ups.test.result']?.trim() ?? null;
  // The first reading is the past, not news; a change afterwards is a test that ran.
  if (result !== null && track.testResult !== null && result !== track.testResult) emit('self-test', `Self-test result: ${result}`);
  return { ...track, flags, alarm, testResult: result ?? track.testResult };
}

function upsEvents(was: UpsTrack | undefined, ups: UpsSnapshot, host: string, hostAnswered: boolean, now: string, emit: Emit, look: Look): UpsTrack {
  const track = was ?? newTrack(host, ups.name);
  if (ups.gone) {
    if (was?.present) emit('ups-gone', 'No longer listed by upsd');
    return { ...track, present: false };
  }
  if ((was && !was.present) || (!was && hostAnswered)) emit('ups-appeared', 'Listed by upsd');
  if (ups.error) {
    // A driver (re)connecting is a moment without data, not a loss: the track waits, as for a host
    // down, so a driver restart during an outage is not "back on mains" then "on battery" again.
    if (ups.error.code === WAITING.code) return { ...track, present: true };
    if (!track.lostSince) emit('driver-lost', `No data: ${errorInWords(ups.error)}`, { code: ups.error.code });
    const lostUnseenSeconds = plusGap(track.lostUnseenSeconds, track.lostSince !== null, now, look);
    return { ...track, present: true, lostSince: track.lostSince ?? now, ...(lostUnseenSeconds !== undefined && { lostUnseenSeconds }) };
  }
  const { lostUnseenSeconds, ...found } = track;
  if (track.lostSince) {
    const { text, durationSeconds } = backAgain('Data again', 'no data', track.lostSince, now, look, lostUnseenSeconds);
    emit('driver-back', text, { durationSeconds });
  }
  const powered = batteryEvents({ ...found, present: true, lostSince: null }, ups, now, emit, look);
  return { ...conditionEvents(powered, ups, emit), seenAt: now };
}

function hostEvents(host: HostSnapshot, track: EventTrack, next: EventTrack, events: PowerEvent[], now: string, look: Look): void {
  const was: HostTrack | undefined = track.hosts[host.name];
  const emitFor = (ups: string | null): Emit => (type, text, extra) => events.push({ time: now, host: host.name, ups, type, text, ...extra });
  if (host.error) {
    if (!was?.downSince) emitFor(null)('host-unreachable', `Host unreachable: ${errorInWords(host.error)}`, { code: host.error.code });
    const unseenSeconds = plusGap(was?.unseenSeconds, Boolean(was?.downSince), now, look);
    next.hosts[host.name] = { downSince: was?.downSince ?? now, ...(unseenSeconds !== undefined && { unseenSeconds }) };
    // Nothing is known about its UPSes meanwhile: their tracks wait unchanged.
    for (const [key, kept] of Object.entries(track.ups)) if (kept.host === host.name) next.ups[key] = kept;
    return;
  }
  if (was?.downSince) {
    const { text, durationSeconds } = backAgain('Host reachable again', 'unreachable', was.downSince, now, look, was.unseenSeconds);
    emitFor(null)('host-back', text, { durationSeconds });
  }
  next.hosts[host.name] = { downSince: null };
  // A UPS is news only on a host that answered before. A host down from its first cycle has a
  // track too, but upsd never listed anything to it then: a track of one of its UPSes says it did.
  const answered = was !== undefined && (was.downSince === null || Object.values(track.ups).some((kept) => kept.host === host.name));
  for (const ups of host.ups) {
    const key = upsKey(host.name, ups.name);
    next.ups[key] = upsEvents(track.ups[key], ups, host.name, answered, now, emitFor(ups.name), look);
  }
}

const earlier = (iso: string | null, ms: number) => (iso === null ? null : new Date(Date.parse(iso) - ms).toISOString());

/**
 * The track with every time in it moved back by `ms`: the wall clock stepped back that far since
 * the last cycle (NTP correcting a clock that ran ahead). The periods under way began that much
 * earlier on the clock that now runs: read as they were, an outage of 15 min across a step of
 * 10 min was "on battery for 5 min", and across a step of 3 h "for 0 s".
 */
function steppedBack(track: EventTrack, ms: number): EventTrack {
  const hosts = Object.fromEntries(Object.entries(track.hosts).map(([name, host]) => [name, { ...host, downSince: earlier(host.downSince, ms) }]));
  const ups = Object.fromEntries(
    Object.entries(track.ups).map(([key, unit]) => [
      key,
      { ...unit, lostSince: earlier(unit.lostSince, ms), seenAt: earlier(unit.seenAt, ms), batterySince: earlier(unit.batterySince, ms) },
    ]),
  );
  return { lastCycleAt: earlier(track.lastCycleAt, ms), hosts, ups };
}

export function deriveEvents(before: EventTrack, snapshot: Snapshot, options: DeriveOptions): Derived {
  const now = snapshot.generatedAt;
  // A step back is known only as far as this cycle is before the last one: the time between them is lost.
  const step = before.lastCycleAt === null ? 0 : Date.parse(before.lastCycleAt) - Date.parse(now);
  const track = step > 0 ? steppedBack(before, step) : before;
  const events: PowerEvent[] = [];
  let gapFrom: string | null = null;
  if (track.lastCycleAt !== null) {
    const pause = secondsBetween(track.lastCycleAt, now);
    if (pause > options.gapSeconds) {
      gapFrom = track.lastCycleAt;
      events.push({ time: now, host: null, ups: null, type: 'monitoring-gap', text: `Not monitored for ${formatPeriod(pause)}, since ${utc(track.lastCycleAt)}`, durationSeconds: pause });
    }
  }
  const next: EventTrack = { lastCycleAt: now, hosts: {}, ups: {} };
  for (const host of snapshot.hosts) hostEvents(host, track, next, events, now, { ...options, gapFrom });
  return { events, track: next };
}
