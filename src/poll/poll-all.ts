// Polls hosts: all concurrently, one connection each, every request list pipelined. A failure is
// returned as data on the host or UPS it concerns; pollAll never rejects.

import { NutProtocolError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Config, HostConfig } from '../config/parse.ts';
import type { NutRequest, NutSession, SessionOptions } from '../nut/session.ts';
import { encodeArg, encodeQuoted } from '../nut/protocol.ts';
import type { Reply } from '../nut/replies.ts';

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
}

/** Variable descriptions (GET DESC) per host, kept for the life of the process. null = none given. */
export type DescriptionCache = Map<string, Map<string, string | null>>;

export interface PollDeps {
  openSession(options: SessionOptions): Promise<NutSession>;
  descriptions: DescriptionCache;
}

/** upsd's placeholders when ups.conf sets no desc= (reference §11.9); not a real description. */
const NO_DESCRIPTION = new Set(['Description unavailable', 'Unavailable']);
/** A hostile server could invent endless names; real ones have a few hundred at most. */
const MAX_DESCRIPTIONS_PER_HOST = 4096;

export function hostAddress(host: Pick<HostConfig, 'host' | 'port'>): string {
  return host.host.includes(':') ? `[${host.host}]:${host.port}` : `${host.host}:${host.port}`;
}

const list = (...query: string[]): NutRequest => ({
  line: `LIST ${query.map(encodeArg).join(' ')}`,
  expect: { kind: 'list', query },
});
const line = (text: string): NutRequest => ({ line: text, expect: { kind: 'line' } });

function expectList(reply: Reply | undefined): string[][] {
  if (reply?.kind === 'list') return reply.items;
  if (reply?.kind === 'error') throw reply.error;
  throw new NutProtocolError('expected a list in reply to LIST UPS');
}

function varsFrom(items: string[][]): Record<string, string> {
  // A null prototype keeps names such as "__proto__" as plain data.
  const vars: Record<string, string> = Object.create(null);
  for (const [, , name, value] of items) {
    if (name !== undefined && value !== undefined) vars[name] = value;
  }
  return vars;
}

async function authenticate(session: NutSession, host: HostConfig): Promise<void> {
  if (host.username === undefined || host.password === undefined) return;
  // Never LOGIN: upsmon waits for logged-in clients at shutdown (reference §4.4).
  const replies = await session.send([
    line(`USERNAME ${encodeQuoted(host.username)}`),
    line(`PASSWORD ${encodeQuoted(host.password)}`),
  ]);
  for (const reply of replies) if (reply.kind === 'error') throw reply.error;
}

async function readUps(session: NutSession, host: HostConfig): Promise<UpsPoll[]> {
  const listed = expectList((await session.send([list('UPS')]))[0]);
  const descriptions = new Map<string, string>();
  for (const [, name, description = ''] of listed) {
    if (name !== undefined) descriptions.set(name.toLowerCase(), NO_DESCRIPTION.has(description) ? '' : description);
  }
  const listedNames = listed.map((item) => item[1] as string).filter((name) => name !== undefined);
  const wanted = host.ups ?? listedNames;
  const present = wanted.filter((name) => descriptions.has(name.toLowerCase()));
  const replies = await session.send(present.map((name) => list('VAR', name)));

  return wanted.map((name): UpsPoll => {
    const description = descriptions.get(name.toLowerCase());
    if (description === undefined) {
      return { name, description: '', vars: null, error: { code: 'UNKNOWN-UPS', message: 'upsd does not list this UPS' } };
    }
    const reply = replies[present.indexOf(name)];
    if (reply?.kind === 'list') return { name, description, vars: varsFrom(reply.items), error: null };
    const error = reply?.kind === 'error' ? reply.error : new NutProtocolError(`no list in reply to LIST VAR ${name}`);
    return { name, description, vars: null, error: toErrorInfo(error) };
  });
}

/** Asks GET DESC once per variable name per host; failures only leave descriptions missing. */
async function learnDescriptions(session: NutSession, ups: readonly UpsPoll[], cache: Map<string, string | null>) {
  const askVia = new Map<string, string>();
  for (const unit of ups) {
    for (const name of Object.keys(unit.vars ?? {})) {
      if (!cache.has(name) && !askVia.has(name) && cache.size + askVia.size < MAX_DESCRIPTIONS_PER_HOST) {
        askVia.set(name, unit.name);
      }
    }
  }
  if (askVia.size === 0) return;
  const names = [...askVia.keys()];
  const replies = await session.send(names.map((name) => line(`GET DESC ${encodeArg(askVia.get(name) as string)} ${encodeArg(name)}`)));
  names.forEach((name, index) => {
    const reply = replies[index];
    const text = reply?.kind === 'line' && reply.words[0] === 'DESC' ? reply.words[3] : undefined;
    cache.set(name, text === undefined || NO_DESCRIPTION.has(text) ? null : text);
  });
}

export async function pollHost(host: HostConfig, timeoutMs: number, deps: PollDeps): Promise<HostPoll> {
  const result: HostPoll = { name: host.name, address: hostAddress(host), error: null, ups: [] };
  let session: NutSession | undefined;
  try {
    session = await deps.openSession({ host: host.host, port: host.port, timeoutMs });
    await authenticate(session, host);
    result.ups = await readUps(session, host);
  } catch (error) {
    result.error = toErrorInfo(error);
  }
  if (session && result.error === null) {
    let cache = deps.descriptions.get(host.name);
    if (!cache) deps.descriptions.set(host.name, (cache = new Map()));
    await learnDescriptions(session, result.ups, cache).catch(() => undefined);
  }
  await session?.close();
  return result;
}

export function pollAll(config: Pick<Config, 'hosts' | 'timeoutMs'>, deps: PollDeps): Promise<HostPoll[]> {
  return Promise.all(config.hosts.map((host) => pollHost(host, config.timeoutMs, deps)));
}
