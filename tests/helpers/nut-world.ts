// An in-memory stand-in for upsd, for runs of thousands of cycles over simulated weeks, where a
// real upsd would take as long as the weeks. It answers the three requests the poller sends
// (LIST UPS, LIST VAR, GET DESC) from a world the test changes between cycles. Everything else
// (snapshot, history, store, outputs) is the real code.

import { startBudget } from '../../src/nut/clock.ts';
import { systemClock } from '../../src/shared/clock.ts';
import type { SessionPool } from '../../src/nut/pool.ts';
import type { NutRequest, NutSession, SessionOptions } from '../../src/nut/session.ts';
import type { Reply } from '../../src/nut/replies.ts';
import { NutConnectionError, NutError } from '../../src/shared/errors.ts';

export interface WorldHost {
  reachable: boolean;
  /** A UPS's variables, or 'no-driver' for DRIVER-NOT-CONNECTED. Removing one makes it gone. */
  ups: Record<string, Record<string, string> | 'no-driver'>;
}

/** Hosts by port: each host config points at 127.0.0.1 and its own made-up port. */
export type World = Map<number, WorldHost>;

function reply(host: WorldHost, request: NutRequest): Reply {
  const words = request.line.split(' ');
  if (request.line === 'LIST UPS') return { kind: 'list', items: Object.keys(host.ups).map((name) => ['UPS', name, `UPS ${name}`]) };
  if (words[0] === 'LIST' && words[1] === 'VAR') {
    const name = words[2] ?? '';
    const vars = host.ups[name];
    if (vars === undefined) return { kind: 'error', error: new NutError('UNKNOWN-UPS', 'UNKNOWN-UPS') };
    if (vars === 'no-driver') return { kind: 'error', error: new NutError('DRIVER-NOT-CONNECTED', 'DRIVER-NOT-CONNECTED') };
    if (request.expect.kind === 'vars') return { kind: 'vars', vars: { ...vars } };
    return { kind: 'list', items: Object.entries(vars).map(([key, value]) => ['VAR', name, key, value]) };
  }
  if (words[0] === 'GET' && words[1] === 'DESC') return { kind: 'line', words: ['DESC', words[2] ?? '', words[3] ?? '', 'Unavailable'] };
  return { kind: 'error', error: new NutError('UNKNOWN-COMMAND', request.line) };
}

async function openWorldSession(world: World, { port }: SessionOptions): Promise<NutSession> {
  const host = world.get(port);
  if (!host?.reachable) throw new NutConnectionError('CONNECTION-REFUSED', `127.0.0.1:${port}: ECONNREFUSED`);
  let alive = true;
  return {
    send: async (requests) => requests.map((request) => reply(host, request)),
    close: async () => void (alive = false),
    destroy: () => void (alive = false),
    get alive() {
      return alive;
    },
    secure: false,
  };
}

/** A session pool (the poller's capability) whose sessions answer from `world`; nothing is kept. */
export function worldSessions(world: World): SessionPool {
  const lease = async (options: SessionOptions) => ({ session: await openWorldSession(world, options), fresh: true });
  return {
    keeps: false,
    budget: (limitMs) => startBudget(systemClock, limitMs),
    acquire: (_key, options) => lease(options),
    replace: (_key, options) => lease(options),
    release: (_key, { session }) => void session.close(),
    close: async () => undefined,
  };
}
