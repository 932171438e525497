// Polls hosts: all concurrently, one connection each, every request list pipelined. A failure is
// returned as data on the host or UPS it concerns; pollAll never rejects.
//
// Round trips (issue 11): the UPSes a host listed last cycle are read in the same write as LIST UPS
// (and, on a new connection, USERNAME/PASSWORD), so a cycle on a kept connection is one round trip
// and on a new one two (connect, then that write). Only a UPS that appeared since costs another.

import { NutConnectionError, NutProtocolError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Config, HostConfig } from '../config/types.ts';
import { hostAddress } from '../nut/address.ts';
import type { Budget } from '../nut/clock.ts';
import type { Lease, SessionPool } from '../nut/pool.ts';
import { encodeArg, encodeQuoted } from '../nut/protocol.ts';
import type { Reply } from '../nut/replies.ts';
import type { NutRequest, SessionOptions } from '../nut/session.ts';
import { NO_DESCRIPTION, learnDescriptions, type DescriptionCache } from './descriptions.ts';

export interface UpsPoll {
  name: string;
  description: string;
  /** Every variable exactly as upsd sent it; null when the UPS could not be read. */
  vars: Record<string, string> | null;
  error: ErrorInfo | null;
}

export interface HostPoll {
  name: string;
  address: string;
  error: ErrorInfo | null;
  ups: UpsPoll[];
  /** Variable descriptions asked for the first time this cycle. */
  learned: ReadonlyMap<string, string | null>;
}

export interface PollDeps {
  sessions: SessionPool;
}

/** Host name -> the UPS names upsd listed last cycle: read in the first write, before LIST UPS answers. */
export type ListedBefore = ReadonlyMap<string, readonly string[]>;

const list = (...query: string[]): NutRequest => ({
  line: `LIST ${query.map(encodeArg).join(' ')}`,
  expect: { kind: 'list', query },
});
const line = (text: string): NutRequest => ({ line: text, expect: { kind: 'line' } });

function credentials(host: HostConfig): NutRequest[] {
  if (host.username === undefined || host.password === undefined) return [];
  // Never LOGIN: upsmon waits for logged-in clients at shutdown (reference §4.4).
  return [line(`USERNAME ${encodeQuoted(host.username)}`), line(`PASSWORD ${encodeQuoted(host.password)}`)];
}

function varsFrom(items: string[][]): Record<string, string> {
  // A null prototype keeps names such as "__proto__" as plain data.
  const vars: Record<string, string> = Object.create(null);
  for (const [, , name, value] of items) {
    if (name !== undefined && value !== undefined) vars[name] = value;
  }
  return vars;
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
  if (reply?.kind === 'list') return { name, description, vars: varsFrom(reply.items), error: null };
  const error = reply?.kind === 'error' ? reply.error : new NutProtocolError(`no list in reply to LIST VAR ${name}`);
  return { name, description, vars: null, error: toErrorInfo(error) };
}

/** Answers the first write: credentials (when sent), LIST UPS, then a LIST VAR per guessed name. */
async function readUps(lease: Lease, host: HostConfig, guessed: readonly string[], budget: Budget): Promise<UpsPoll[]> {
  const sentCredentials = lease.fresh ? credentials(host).length : 0;
  const batch = [...(lease.fresh ? credentials(host) : []), list('UPS'), ...guessed.map((name) => list('VAR', name))];
  const replies = await lease.session.send(batch, budget);
  for (const reply of replies.slice(0, sentCredentials)) if (reply.kind === 'error') throw reply.error;
  const listed = listing(replies[sentCredentials]);
  const byName = new Map(guessed.map((name, index) => [name, replies[sentCredentials + 1 + index]]));

  const wanted = host.ups ?? [...listed.values()].map((item) => item.name);
  const late = wanted.filter((name) => listed.has(name.toLowerCase()) && !byName.has(name));
  const lateReplies = await lease.session.send(late.map((name) => list('VAR', name)), budget);
  late.forEach((name, index) => byName.set(name, lateReplies[index]));

  return wanted.map((name): UpsPoll => {
    const item = listed.get(name.toLowerCase());
    if (item === undefined) {
      return { name, description: '', vars: null, error: { code: 'UNKNOWN-UPS', message: 'upsd does not list this UPS' } };
    }
    return upsPoll(name, item.description, byName.get(name));
  });
}

/** Names from last cycle are a guess (possibly from an old status.json): only plain upsd names, and not endless. */
const PLAIN_UPS_NAME = /^[A-Za-z0-9._:@/+-]+$/;
const MAX_GUESSED = 1024;

const sessionOptions = (host: HostConfig): SessionOptions => ({ host: host.host, port: host.port, ...(host.tls && { tls: host.tls }) });

/** The first write on a kept connection upsd has closed since (restart, idle close) fails at once. */
const connectionLost = (error: unknown) => error instanceof NutConnectionError;

export async function pollHost(
  host: HostConfig,
  timeoutMs: number,
  deps: PollDeps,
  known: ReadonlyMap<string, string | null> = new Map(),
  listedBefore: readonly string[] = [],
): Promise<HostPoll> {
  const result: HostPoll = { name: host.name, address: hostAddress(host.host, host.port), error: null, ups: [], learned: new Map() };
  const budget = deps.sessions.budget(timeoutMs);
  const guessed = host.ups ?? listedBefore.filter((name) => PLAIN_UPS_NAME.test(name)).slice(0, MAX_GUESSED);
  let lease: Lease | undefined;
  try {
    lease = await deps.sessions.acquire(host.name, sessionOptions(host), budget);
    try {
      result.ups = await readUps(lease, host, guessed, budget);
    } catch (error) {
      if (lease.fresh || !connectionLost(error)) throw error;
      // Replaced within this cycle and its budget; still one connection at a time.
      lease = await deps.sessions.replace(host.name, sessionOptions(host), budget);
      result.ups = await readUps(lease, host, guessed, budget);
    }
    result.learned = await learnDescriptions(lease.session, result.ups, known, budget).catch(() => new Map());
    deps.sessions.release(host.name, lease);
  } catch (error) {
    result.error = toErrorInfo(error);
    void lease?.session.close();
  }
  return result;
}

export function pollAll(
  config: Pick<Config, 'hosts' | 'timeoutMs'>,
  deps: PollDeps,
  known: DescriptionCache,
  listedBefore: ListedBefore = new Map(),
): Promise<HostPoll[]> {
  return Promise.all(
    config.hosts.map((host) => pollHost(host, config.timeoutMs, deps, known.get(host.name), listedBefore.get(host.name))),
  );
}

