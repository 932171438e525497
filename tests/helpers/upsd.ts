// A real upsd with dummy-ups drivers on a free loopback port, in a private folder. Drivers start
// in parallel and before upsd (so quoted values reach upsd escaped, reference §10), and the
// harness resolves only once no UPS reports WAIT. Both waits are on progress, not a fixed time.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openSession } from '../../src/nut/session.ts';
import { DUMMY_UPS, UPSD, ensureNut } from './nut-install.ts';
import { createCertificates, type Certificates } from './nss-certs.ts';
import { reapedWithThisProcess } from './reaper.ts';
import { asRoot } from './prerequisite.ts';
import { waitForProgress, waitUntil } from './wait.ts';

export interface UnitSpec {
  name: string;
  /** Contents of the .dev (or .seq) file, `name: value` lines. */
  dev?: string;
  /** Use an existing file instead (read in place, never copied). */
  devFile?: string;
  seq?: boolean;
  desc?: string;
  /** Configure the UPS but never start its driver: DRIVER-NOT-CONNECTED. */
  noDriver?: boolean;
}

export interface Upsd {
  host: string;
  port: number;
  dir: string;
  /** With the tls option: the certificates upsd serves after STARTTLS. */
  tls: Certificates | null;
  /** Stops one driver and waits for it to exit. */
  stopDriver(name: string): Promise<void>;
  /** Sends a signal to a running driver (SIGSTOP freezes it: DATA-STALE after MAXAGE). */
  signalDriver(name: string, signal: NodeJS.Signals): void;
  startDriver(name: string): Promise<void>;
  /** Takes a UPS out of ups.conf and has upsd reload it (SIGHUP); resolves once upsd no longer lists it. */
  unlistUps(name: string): Promise<void>;
  stopServer(): Promise<void>;
  /** Starts upsd again on the same port. */
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

const quote = (value: string) => `"${value.replace(/[\\"#]/g, (ch) => `\\${ch}`)}"`;

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGCONT'); // a frozen driver would not act on SIGTERM
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** How many of `names` upsd does not serve yet (WAIT or not listening): one pipelined session. */
async function upsWaiting(host: string, port: number, names: readonly string[]): Promise<number> {
  try {
    const session = await openSession({ host, port, timeoutMs: 5000 });
    const replies = await session.send(names.map((name) => ({ line: `GET VAR ${name} ups.status`, expect: { kind: 'line' } as const })));
    await session.close();
    return replies.filter((reply) => reply.kind !== 'line' || /\bWAIT\b/.test(reply.words[3] ?? '')).length;
  } catch {
    // not listening yet, or too busy to answer in time: nothing is ready
    return names.length + 1;
  }
}

const listed = (names: readonly string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;

export interface UpsdOptions {
  users?: string;
  listen?: string[];
  maxAge?: number;
  /** Serve STARTTLS with a certificate for these names (signed by a CA of the test's own). */
  tls?: { names: string[] };
}

export async function startUpsd(units: readonly UnitSpec[], options: UpsdOptions = {}): Promise<Upsd> {
  ensureNut();
  if (units.length === 0) throw new Error('harness: upsd needs at least one UPS (it exits when ups.conf has none)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-upsd-'));
  const etc = path.join(dir, 'etc');
  const state = path.join(dir, 'state');
  await mkdir(etc, { mode: 0o755 });
  await mkdir(state, { mode: 0o770 });
  const host = '127.0.0.1';
  const port = await freePort();
  const listen = options.listen ?? [host];

  const sections: string[] = [];
  for (const unit of units) {
    let devPath = unit.devFile;
    if (!devPath) {
      devPath = path.join(etc, `${unit.name}.${unit.seq ? 'seq' : 'dev'}`);
      await writeFile(devPath, unit.dev ?? '');
    }
    sections.push(
      `[${unit.name}]\n  driver = dummy-ups\n  port = ${quote(devPath)}\n${unit.desc !== undefined ? `  desc = ${quote(unit.desc)}\n` : ''}`,
    );
  }
  await writeFile(path.join(etc, 'ups.conf'), `maxretry = 3\n${sections.join('\n')}`);
  const maxAge = options.maxAge === undefined ? '' : `MAXAGE ${options.maxAge}\n`;
  const tls = options.tls ? await createCertificates(dir, options.tls.names) : null;
  const certificate = tls ? `CERTPATH ${quote(tls.dbDir)}\nCERTIDENT ${quote(tls.nickname)} ${quote(tls.password)}\n` : '';
  const listenLines = listen.map((address) => `LISTEN ${address} ${port}\n`).join('');
  await writeFile(path.join(etc, 'upsd.conf'), maxAge + certificate + listenLines);
  await writeFile(path.join(etc, 'upsd.users'), options.users ?? '', { mode: 0o600 });
  const env = { ...process.env, NUT_CONFPATH: etc, NUT_STATEPATH: state, NUT_ALTPIDPATH: state };
  const user = asRoot ? ['-u', 'root'] : [];

  const drivers = new Map<string, ChildProcess>();
  let server: ChildProcess | undefined;

  /** Starts the drivers together; resolves once each has made its socket. */
  async function startDrivers(names: readonly string[]): Promise<void> {
    for (const name of names) drivers.set(name, reapedWithThisProcess(spawn(DUMMY_UPS, ['-a', name, ...user, '-F'], { env, stdio: 'ignore' })));
    const pending = () => names.filter((name) => !existsSync(path.join(state, `dummy-ups-${name}`)));
    await waitForProgress(() => {
      const exited = names.find((name) => drivers.get(name)?.exitCode !== null);
      if (exited) throw new Error(`harness: dummy-ups ${exited} exited with ${drivers.get(exited)?.exitCode}`);
      return pending().length;
    }, () => `the sockets of drivers ${listed(pending())}`);
  }

  const live = units.filter((unit) => !unit.noDriver).map((unit) => unit.name);

  async function startServer(): Promise<void> {
    const child = reapedWithThisProcess(spawn(UPSD, [...user, '-F'], { env, stdio: 'ignore' }));
    server = child;
    let waiting = live.length;
    await waitForProgress(async () => {
      if (child.exitCode !== null) throw new Error(`harness: upsd exited with ${child.exitCode}`);
      return (waiting = await upsWaiting(host, port, live));
    }, () => `upsd to serve every UPS (${waiting} not yet)`);
  }

  const fixture: Upsd = {
    host,
    port,
    dir,
    tls,
    startDriver: (name) => startDrivers([name]),
    async stopDriver(name) {
      await stopChild(drivers.get(name));
      drivers.delete(name);
    },
    signalDriver(name, signal) {
      drivers.get(name)?.kill(signal);
    },
    async unlistUps(name) {
      const conf = path.join(etc, 'ups.conf');
      await writeFile(conf, (await readFile(conf, 'utf8')).replace(new RegExp(`\\[${name}\\][^[]*`), ''));
      server?.kill('SIGHUP');
      await waitUntil(async () => ((await listedUps(host, port)).includes(name) ? undefined : true), `upsd dropping ${name} on reload`);
    },
    startServer,
    async stopServer() {
      await stopChild(server);
    },
    async stop() {
      await stopChild(server);
      await Promise.all([...drivers.values()].map(stopChild));
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await startDrivers(live);
    await startServer();
  } catch (error) {
    await fixture.stop();
    throw error;
  }
  return fixture;
}

/** The names upsd lists now. */
async function listedUps(host: string, port: number): Promise<string[]> {
  const session = await openSession({ host, port, timeoutMs: 1000 });
  const [reply] = await session.send([{ line: 'LIST UPS', expect: { kind: 'list', query: ['UPS'] } }]);
  await session.close();
  return reply?.kind === 'list' ? reply.items.map((item) => item[1] as string) : [];
}

/** upsd reconnects to a restarted driver on its own schedule, and says nothing when it has. */
export async function upsdSeesDriver(upsd: Upsd, ups: string): Promise<void> {
  await waitUntil(async () => {
    const session = await openSession({ host: upsd.host, port: upsd.port, timeoutMs: 1000 });
    const [reply] = await session.send([{ line: `GET VAR ${ups} ups.status`, expect: { kind: 'line' } }]);
    await session.close();
    return reply?.kind === 'line' && reply.words[3] !== 'WAIT' ? true : undefined;
  }, `upsd reconnecting to driver ${ups}`);
}
