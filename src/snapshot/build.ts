// Pure: builds the snapshot from this cycle's polls plus the previous snapshot, so a host or UPS
// that fails keeps its last good values (carry-over.ts).

import type { DescriptionCache } from '../poll/descriptions.ts';
import type { HostPoll, UpsPoll } from '../poll/poll-all.ts';
import { isWaiting } from '../status/flags.ts';
import { byId, identify, type HostDraft, type UpsDraft } from './by-id.ts';
import { assessed, carriedOver, errorSince, goneUps, WAITING } from './carry-over.ts';
import { summarize } from './summary.ts';
import { SCHEMA_VERSION, type HostSnapshot, type Snapshot, type UpsSnapshot } from './types.ts';

export interface SnapshotInput {
  title: string;
  polls: readonly HostPoll[];
  previous: Snapshot | null;
  now: Date;
  descriptions: DescriptionCache;
  /** Seconds between runs as the job really runs (app/observed-cadence.ts): what staleAfter counts in. */
  cadenceSeconds: number;
}

/** A reader should take the data as out of date after this many of the job's intervals. */
export const STALE_AFTER_INTERVALS = 3;

function upsFromPoll(poll: UpsPoll, previous: UpsSnapshot | undefined, now: string): UpsDraft {
  // A WAIT reply holds nothing but that word: the last good values stay, as for any other UPS without data.
  const waiting = poll.vars !== null && isWaiting(poll.vars['ups.status']);
  if (poll.vars && !waiting) return assessed({ ...poll, vars: poll.vars, stale: false, gone: false, lastSuccessAt: now, errorSince: null }, previous);
  const error = waiting ? WAITING : poll.error;
  return assessed({
    name: poll.name,
    description: poll.description || previous?.description || '',
    error,
    vars: previous?.vars ?? {},
    stale: true,
    gone: false,
    lastSuccessAt: previous?.lastSuccessAt ?? null,
    errorSince: errorSince(error, previous, now),
  }, previous);
}

function upsOf(poll: HostPoll, previous: HostSnapshot | undefined, input: SnapshotInput): UpsDraft[] {
  const now = input.now.toISOString();
  if (poll.error) return (previous?.ups ?? []).map((old) => carriedOver(old, poll.error, now));
  const before = new Map(previous?.ups.map((ups) => [ups.name, ups]));
  const ups = poll.ups.map((unit) => upsFromPoll(unit, before.get(unit.name), now));
  // A UPS no longer asked for leaves the page. With the host's own ups list, one taken out of it
  // leaves whatever upsd lists (one upsd stops listing while it is in the list is UNKNOWN-UPS): a UPS
  // taken out of ups.conf and the list together stayed a week as "gone", with an ups-gone hook.
  if (poll.chosen) return ups;
  // Taking all that upsd lists, one it stopped listing is "gone" (issue 9, item 2).
  const asked = new Set(poll.ups.map((unit) => unit.name));
  const notAsked = (previous?.ups ?? []).filter((old) => !asked.has(old.name));
  return [...ups, ...goneUps(notAsked, new Set(poll.listed.map((name) => name.toLowerCase())), input.now)];
}

/**
 * The host's descriptions as a record; the previous snapshot's own object when it holds the same
 * texts. A name this process has not asked about yet keeps the previous text: after a restart, and
 * on every --once run, the cache starts empty, and a host that is down then would otherwise show
 * its last good values without the descriptions its last status.json had.
 */
function descriptionsOf(known: ReadonlyMap<string, string | null> = new Map(), previous: Readonly<Record<string, string>> = NONE): Record<string, string> {
  // The cache keeps a host's map while it learns nothing new, and the snapshot keeps what this
  // returned: then the answer is last cycle's, without going over every name again.
  if (checked.get(known) === previous) return previous;
  const descriptions = describedBy(known, previous);
  checked.set(known, descriptions);
  return descriptions;
}

/** What descriptionsOf returned for each host's map of descriptions (each map is never changed in place). */
const checked = new WeakMap<ReadonlyMap<string, string | null>, Readonly<Record<string, string>>>();

function describedBy(known: ReadonlyMap<string, string | null>, previous: Readonly<Record<string, string>>): Record<string, string> {
  let same = true;
  for (const [name, text] of known) same &&= text === null ? !Object.hasOwn(previous, name) : previous[name] === text;
  if (same) return previous;
  const descriptions: Record<string, string> = Object.create(null);
  for (const name in previous) if (!known.has(name)) descriptions[name] = previous[name] as string;
  for (const [name, text] of known) if (text !== null) descriptions[name] = text;
  return descriptions;
}

const NONE: Readonly<Record<string, string>> = Object.freeze(Object.create(null));

function buildHost(poll: HostPoll, previous: HostSnapshot | undefined, input: SnapshotInput): HostDraft {
  const now = input.now.toISOString();
  const descriptions = descriptionsOf(input.descriptions.get(poll.name), previous?.descriptions);
  return {
    name: poll.name,
    address: poll.address,
    error: poll.error,
    lastSuccessAt: poll.error ? (previous?.lastSuccessAt ?? null) : now,
    errorSince: errorSince(poll.error, previous, now),
    descriptions,
    encrypted: poll.error ? null : (poll.encrypted ?? null),
    ups: upsOf(poll, previous, input),
  };
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const previousHosts = new Map(input.previous?.hosts.map((host) => [host.name, host]));
  const hosts = identify(input.polls.map((poll) => buildHost(poll, previousHosts.get(poll.name), input)));
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: input.now.toISOString(),
    staleAfter: new Date(input.now.getTime() + STALE_AFTER_INTERVALS * input.cadenceSeconds * 1000).toISOString(),
    title: input.title,
    summary: summarize(hosts),
    hosts,
    byId: byId(hosts),
  };
}
