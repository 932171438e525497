// Polls hosts: all concurrently, one connection each, every request list pipelined. A failure is
// returned as data on the host or UPS it concerns; pollAll never rejects.
//
// Round trips (issue 11): the UPSes a host listed last cycle are read in the same write as LIST UPS
// (with, on a new connection, USERNAME/PASSWORD, and the descriptions of variables first seen last
// cycle), so a cycle on a kept connection is one round trip and on a new one two (connect, then
// that write). Only a UPS that appeared since costs another.

import { NutConnectionError, NutProtocolError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Config, HostConfig } from '../config/types.ts';
import { hostAddress } from '../nut/address.ts';
import type { Budget } from '../nut/clock.ts';
import type { Lease, SessionPool } from '../nut/pool.ts';
import { encodeArg, encodeQuoted } from '../nut/protocol.ts';
import type { Reply } from '../nut/replies.ts';
import type { Vars } from '../nut/vars.ts';
import type { NutRequest, SessionOptions } from '../nut/session.ts';
import {
  NO_DESCRIPTION,
  descriptionRequests,
  learnDescriptions,
  readDescriptions,
  unknownNames,
  type AskVia,
  type DescriptionCache,
} from './descriptions.ts';

export interface UpsPoll {
  name: string;
  description: string;
  /**
   * Every variable exactly as upsd sent it; null when the UPS could not be read. The last cycle's
   * object itself (LastSeen) when nothing changed.
   */
  vars: Vars | null;
  error: ErrorInfo | null;
}

export interface HostPoll {
  name: string;
  address: string;
  error: ErrorInfo | null;
  /** The UPSes the config asks for: all that upsd lists, or the host's `ups` list. */
  ups: UpsPoll[];
  /** The config names this host's UPSes (its `ups` list), rather than taking all that upsd lists. */
  chosen: boolean;
  /**
   * Every UPS upsd listed, asked for or not. Kept when the poll failed after LIST UPS answered (the
   * next cycle reads them in its first write); empty when upsd listed nothing before it failed.
   */
  listed: string[];
  /** Variable descriptions asked for the first time this cycle. */
  learned: ReadonlyMap<string, string | null>;
  /**
   * Whether this cycle's replies came over TLS; absent when the host could not be read. Under
   * "auto" it is the one sign of whether upsd offered TLS or the poll went on in clear.
   */
  encrypted?: boolean;
}

export interface PollDeps {
  sessions: SessionPool;
}

/** What the last cycle saw on a host (possibly from an old status.json): it shapes this cycle's first write. */
export interface LastSeen {
  /** UPS names upsd listed: read before LIST UPS has answered. */
  listed: readonly string[];
  /** Each UPS's variables: the names whose descriptions are still to ask. `error`: they were not read that cycle. */
  ups: readonly { name: string; vars: Vars | null; error?: unknown }[];
}

const NOTHING_SEEN: LastSeen = { listed: [], ups: [] };

const list = (...query: string[]): NutRequest => ({
  line: `LIST ${query.map(encodeArg).join(' ')}`,
  expect: { kind: 'list', query },
});
/** LIST VAR, read into a record; `like` (last cycle's) is kept as it is when nothing changed. */
const listVars = (ups: string, like: Vars | null | undefined): NutRequest => ({
  line: `LIST VAR ${encodeArg(ups)}`,
  expect: { kind: 'vars', ups, like },
});
const line = (text: string): NutRequest => ({ line: text, expect: { kind: 'line' } });

function credentials(host: HostConfig): NutRequest[] {
  if (host.username === undefined || host.password === undefined) return [];
  // Never LOGIN: upsmon waits for logged-in clients at shutdown (reference §4.4).
  return [line(`USERNAME ${encodeQuoted(host.username)}`), line(`PASSWORD ${encodeQuoted(host.password)}`)];
}

/** LIST UPS's items by lower-case name: the desc= text, '' for upsd's placeholder. */
function listing(reply: Reply | undefined): Map<string, { name: string; description: string }> {
  if (reply?.kind === 'error') throw reply.error;
  if (reply?.kind !== 'list') throw new NutProtocolError('expected a list in reply to LIST UPS');
  const listed = new Map<string, { name: string; description: string }>();
  for (const [, name, description = ''] of reply.items) {
    if (name !== undefined) listed.set(name.toLowerCase(), { name, description: NO_DESCRIPTION.has(description) ? '' : description });
  }
  return listed;
}

function upsPoll(name: string, description: string, reply: Reply | undefined): UpsPoll {
  if (reply?.kind === 'vars') return { name, description, vars: reply.vars, error: null };
  const error = reply?.kind === 'error' ? reply.error : new NutProtocolError(`no list in reply to LIST VAR ${name}`);
  return { name, description, vars: null, error: toErrorInfo(error) };
}

interface FirstWrite {
  guessed: readonly string[];
  describe: AskVia;
  /** Each UPS's variables last cycle, by name: kept as they are when nothing changed. */
  before: ReadonlyMap<string, Vars | null>;
}

/**
 * A kept connection that a firewall or NAT forgot, or whose host went without a FIN or RST, takes
 * writes and answers nothing, and the cycle used to wait out its whole budget and report the host
 * unreachable. Its first reply must start within this share of the budget; if not, the connection is
 * dropped and replaced within the same cycle, and the new one has the rest (issue 11). A healthy
 * upsd answers LIST UPS, the first request, within a round trip. A host that always takes longer
 * is given twice its own slowest start on that connection instead (session.ts).
 */
const KEPT_SILENCE_SHARE = 1 / 3;

/**
 * One write: credentials (on a new connection), LIST UPS, a LIST VAR per guessed name, GET DESC per
 * name still undescribed. Then one more for UPSes upsd lists that were not guessed.
 */
async function readUps(lease: Lease, host: HostConfig, first: FirstWrite, budget: Budget, heard: { listed: string[] }) {
  const login = lease.fresh ? credentials(host) : [];
  const { guessed, describe } = first;
  const batch = [...login, list('UPS'), ...guessed.map((name) => listVars(name, first.before.get(name))), ...descriptionRequests(describe)];
  const replies = await lease.session.send(batch, budget, lease.fresh ? {} : { silentMs: Math.round(budget.limitMs * KEPT_SILENCE_SHARE) });
  for (const reply of replies.slice(0, login.length)) if (reply.kind === 'error') throw reply.error;
  const listed = listing(replies[login.length]);
  heard.listed = [...listed.values()].map((item) => item.name);
  const byName = new Map(guessed.map((name, index) => [name, replies[login.length + 1 + index]]));
  const learned = readDescriptions(describe, replies.slice(login.length + 1 + guessed.length));

  const wanted = host.ups ?? [...listed.values()].map((item) => item.name);
  const late = wanted.filter((name) => listed.has(name.toLowerCase()) && !byName.has(name));
  const lateReplies = await lease.session.send(late.map((name) => listVars(name, first.before.get(name))), budget);
  late.forEach((name, index) => byName.set(name, lateReplies[index]));

  const ups = wanted.map((name): UpsPoll => {
    const item = listed.get(name.toLowerCase());
    if (item === undefined) {
      return { name, description: '', vars: null, error: { code: 'UNKNOWN-UPS', message: 'upsd does not list this UPS' } };
    }
    return upsPoll(name, item.description, byName.get(name));
  });
  return { ups, learned };
}

/** Names from last cycle are a guess (possibly from an old status.json): only plain upsd names, and not endless. */
const PLAIN_NAME = /^[A-Za-z0-9._:@/+-]+$/;
const MAX_GUESSED = 1024;

function firstWrite(host: HostConfig, seen: LastSeen, known: ReadonlyMap<string, string | null>): FirstWrite {
  const guessed = host.ups ?? seen.listed.filter((name) => PLAIN_NAME.test(name)).slice(0, MAX_GUESSED);
  const asked = new Set(guessed);
  // Through a UPS that answered last cycle where one has the name: a down driver answers GET DESC with ERR.
  const through = seen.ups.filter((ups) => asked.has(ups.name));
  const describe = unknownNames([...through.filter((ups) => !ups.error), ...through.filter((ups) => ups.error)], known);
  for (const [name, ups] of describe) if (!PLAIN_NAME.test(name) || !PLAIN_NAME.test(ups)) describe.delete(name);
  return { guessed, describe, before: new Map(seen.ups.map((ups) => [ups.name, ups.vars])) };
}

const sessionOptions = (host: HostConfig): SessionOptions => ({ host: host.host, port: host.port, ...(host.tls && { tls: host.tls }) });

/** The first write on a kept connection upsd has closed since (restart, idle close) fails at once, or soon when it went silent. */
const connectionLost = (error: unknown) => error instanceof NutConnectionError;

export async function pollHost(
  host: HostConfig,
  timeoutMs: number,
  deps: PollDeps,
  known: ReadonlyMap<string, string | null> = new Map(),
  seen: LastSeen = NOTHING_SEEN,
): Promise<HostPoll> {
  const result: HostPoll = { name: host.name, address: hostAddress(host.host, host.port), error: null, ups: [], chosen: host.ups !== undefined, listed: [], learned: new Map() };
  const budget = deps.sessions.budget(timeoutMs);
  const first = firstWrite(host, seen, known);
  // What LIST UPS answered, kept when what follows fails: a host whose round trip is over a third of
  // the budget could not be read in a cold cycle (connect, LIST UPS, then the LIST VARs), and every
  // cycle after it began as cold again. Knowing the names, the next reads them in one write.
  const heard = { listed: [] as string[] };
  let lease: Lease | undefined;
  try {
    lease = await deps.sessions.acquire(host.name, sessionOptions(host), budget);
    let read;
    try {
      read = await readUps(lease, host, first, budget, heard);
    } catch (error) {
      if (lease.fresh || !connectionLost(error)) throw error;
      // Replaced within this cycle and its budget; still one connection at a time.
      lease = await deps.sessions.replace(host.name, sessionOptions(host), budget);
      read = await readUps(lease, host, first, budget, heard);
    }
    result.ups = read.ups;
    result.learned = read.learned;
    result.encrypted = lease.session.secure;
    // Names new this cycle: a kept connection asks them in the next cycle's write, for free.
    if (!deps.sessions.keeps) {
      const ask = unknownNames(result.ups, new Map([...known, ...read.learned]));
      const more = await learnDescriptions(lease.session, ask, budget).catch(() => new Map<string, string | null>());
      result.learned = new Map([...read.learned, ...more]);
    }
    deps.sessions.release(host.name, lease);
  } catch (error) {
    result.error = toErrorInfo(error);
    void lease?.session.close();
  }
  result.listed = heard.listed;
  return result;
}

export function pollAll(
  config: Pick<Config, 'hosts' | 'timeoutMs'>,
  deps: PollDeps,
  known: DescriptionCache,
  seen: ReadonlyMap<string, LastSeen> = new Map(),
): Promise<HostPoll[]> {
  return Promise.all(config.hosts.map((host) => pollHost(host, config.timeoutMs, deps, known.get(host.name), seen.get(host.name))));
}

