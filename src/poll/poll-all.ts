// Polls hosts: all concurrently, one connection each, every request list pipelined. A failure is
// returned as data on the host or UPS it concerns; pollAll never rejects.

import { NutProtocolError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Config, HostConfig } from '../config/types.ts';
import type { NutRequest, NutSession, SessionOptions } from '../nut/session.ts';
import { encodeArg, encodeQuoted } from '../nut/protocol.ts';
import type { Reply } from '../nut/replies.ts';
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
  openSession(options: SessionOptions): Promise<NutSession>;
}

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

export async function pollHost(
  host: HostConfig,
  timeoutMs: number,
  deps: PollDeps,
  known: ReadonlyMap<string, string | null> = new Map(),
): Promise<HostPoll> {
  const result: HostPoll = { name: host.name, address: hostAddress(host), error: null, ups: [], learned: new Map() };
  let session: NutSession | undefined;
  try {
    session = await deps.openSession({ host: host.host, port: host.port, timeoutMs });
    await authenticate(session, host);
    result.ups = await readUps(session, host);
  } catch (error) {
    result.error = toErrorInfo(error);
  }
  if (session && result.error === null) {
    result.learned = await learnDescriptions(session, result.ups, known).catch(() => new Map());
  }
  await session?.close();
  return result;
}

export function pollAll(config: Pick<Config, 'hosts' | 'timeoutMs'>, deps: PollDeps, known: DescriptionCache): Promise<HostPoll[]> {
  return Promise.all(config.hosts.map((host) => pollHost(host, config.timeoutMs, deps, known.get(host.name))));
}
