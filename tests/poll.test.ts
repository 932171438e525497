import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { once } from 'node:events';
import { systemClock } from '../src/shared/clock.ts';
import { createSessionPool } from '../src/nut/pool.ts';
import { netTransport, type Transport } from '../src/nut/transport.ts';
import { unknownNames, withLearned, type DescriptionCache } from '../src/poll/descriptions.ts';
import { pollAll, pollHost, type LastSeen, type PollDeps } from '../src/poll/poll-all.ts';
import { suiteWith } from './helpers/suite.ts';
import { freePort, startUpsd, type Upsd } from './helpers/upsd.ts';
import { upsc } from './helpers/upsc.ts';
import { waitUntil } from './helpers/wait.ts';

const deps: PollDeps = { sessions: createSessionPool({ keep: false }) };
const NONE: DescriptionCache = new Map();
const hostOf = (upsd: Upsd, extra: object = {}) => ({ name: 'lab', host: upsd.host, port: upsd.port, ...extra });

const real = suiteWith<{ upsd: Upsd }>('poll against a real upsd', {
  async before(context) {
    context.upsd = await startUpsd([
      { name: 'rack', desc: 'Rack "A" #1 \\ main', dev: 'ups.status: OL CHRG\nbattery.charge: 100\nups.load: 23\nbattery.runtime: 1800\nups.mfr: Eaton\nups.model: "5P 1550"\n' },
      { name: 'desk', dev: 'ups.status: OB DISCHRG\nbattery.charge: 41\nups.test.result: "Done \\"and\\" passed \\\\ ok \\#2"\nups.id: "<b>\'x\'</b> & y"\n' },
      { name: 'spare', dev: 'ups.status: OL\n' },
      { name: 'nodriver', noDriver: true },
    ]);
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

real('every variable of every UPS round-trips exactly as upsc prints it', async ({ upsd }) => {
  const [result] = await pollAll({ hosts: [hostOf(upsd)], timeoutMs: 3000 }, deps, NONE);
  assert.is(result?.error, null);
  const read = new Map(result?.ups.map((ups) => [ups.name, ups]));
  for (const name of ['rack', 'desk', 'spare']) {
    const vars = read.get(name)?.vars;
    assert.ok(vars, name);
    assert.equal({ ...vars }, await upsc(name, upsd.host, upsd.port), name);
  }
});

real('quotes, backslashes and # in values and descriptions are decoded once', async ({ upsd }) => {
  const result = await pollHost(hostOf(upsd), 3000, deps);
  const desk = result.ups.find((ups) => ups.name === 'desk');
  assert.is(desk?.vars?.['ups.test.result'], 'Done "and" passed \\ ok #2');
  assert.is(desk?.vars?.['ups.id'], "<b>'x'</b> & y");
  assert.is(result.ups.find((ups) => ups.name === 'rack')?.description, 'Rack "A" #1 \\ main');
  assert.is(desk?.description, '', 'upsd placeholder "Description unavailable" is not a description');
});

real('a UPS whose driver is not running gets its own error; the others are fine', async ({ upsd }) => {
  const result = await pollHost(hostOf(upsd), 3000, deps);
  const byName = new Map(result.ups.map((ups) => [ups.name, ups]));
  assert.is(result.error, null);
  assert.is(byName.get('nodriver')?.error?.code, 'DRIVER-NOT-CONNECTED');
  assert.is(byName.get('nodriver')?.vars, null);
  assert.is(byName.get('rack')?.error, null);
  assert.is(byName.get('rack')?.vars?.['ups.status'], 'OL CHRG');
});

real('a driver stopped between polls turns only that UPS into an error', async ({ upsd }) => {
  await upsd.stopDriver('spare');
  try {
    const result = await pollHost(hostOf(upsd), 3000, deps);
    const byName = new Map(result.ups.map((ups) => [ups.name, ups]));
    assert.is(byName.get('spare')?.error?.code, 'DRIVER-NOT-CONNECTED');
    assert.is(byName.get('desk')?.vars?.['battery.charge'], '41');
  } finally {
    await upsd.startDriver('spare');
  }
});

real('the per-host ups list limits what is shown and flags names upsd does not know', async ({ upsd }) => {
  const result = await pollHost(hostOf(upsd, { ups: ['desk', 'ghost'] }), 3000, deps);
  assert.equal(result.ups.map((ups) => ups.name), ['desk', 'ghost']);
  assert.is(result.ups[1]?.error?.code, 'UNKNOWN-UPS');
  assert.ok(result.ups[0]?.vars);
});

real('variable descriptions are asked once per host and cached', async ({ upsd }) => {
  let sessions = 0;
  const transport: Transport = {
    connect(...args) {
      sessions++;
      return netTransport.connect(...args);
    },
  };
  const counting: PollDeps = { sessions: createSessionPool({ keep: false, deps: { transport, timers: systemClock } }) };
  const first = await pollHost(hostOf(upsd), 3000, counting);
  assert.is(first.learned.get('battery.charge'), 'Battery charge (percent of full)');
  const cache = withLearned(NONE, new Map([['lab', first.learned]]));
  const second = await pollHost(hostOf(upsd), 3000, counting, cache.get('lab'));
  assert.is(second.learned.size, 0, 'nothing is asked twice');
  assert.is(cache.get('lab')?.size, first.learned.size);
  assert.is(sessions, 2, 'one connection per poll');
});

real('a description asked through a UPS whose driver is down is asked again, through one that answers', async ({ upsd }) => {
  const keeping: PollDeps = { sessions: createSessionPool({ keep: true }) };
  try {
    // As at start-up from an old status.json: nodriver showed battery.charge then, and is listed first.
    const old: LastSeen = { listed: ['nodriver', 'rack'], ups: [{ name: 'nodriver', vars: { 'battery.charge': '97' } }, { name: 'rack', vars: { 'battery.charge': '100' } }] };
    const first = await pollHost({ ...hostOf(upsd), ups: ['nodriver', 'rack'] }, 3000, keeping, new Map(), old);
    assert.is(first.ups[0]?.error?.code, 'DRIVER-NOT-CONNECTED');
    assert.not.ok(first.learned.has('battery.charge'), 'ERR DRIVER-NOT-CONNECTED is not "no description"');
    // The next cycle sees what this one read: nodriver with its error, rack answering.
    const seen: LastSeen = { listed: ['nodriver', 'rack'], ups: first.ups };
    const second = await pollHost({ ...hostOf(upsd), ups: ['nodriver', 'rack'] }, 3000, keeping, first.learned, seen);
    assert.is(second.learned.get('battery.charge'), 'Battery charge (percent of full)');
  } finally {
    await keeping.sessions.close();
  }
});

real('credentials are sent quoted and reads still work', async ({ upsd }) => {
  const result = await pollHost(hostOf(upsd, { username: 'mon user', password: 'p#ss "word"' }), 3000, deps);
  assert.is(result.error, null);
  assert.ok(result.ups.find((ups) => ups.name === 'rack')?.vars);
});

real.run();

const names = suite('names still to describe');

names('a UPS whose every name was known in one cache is checked again against another', () => {
  const vars = { 'battery.charge': '100', 'ups.status': 'OL' };
  const ups = [{ name: 'rack', vars }];
  const partial = new Map([['battery.charge', 'Battery charge']]);
  const full = withLearned(new Map([['lab', partial]]), new Map([['lab', new Map([['ups.status', 'UPS status']])]])).get('lab') ?? new Map();
  assert.equal([...unknownNames(ups, partial)], [['ups.status', 'rack']]);
  assert.equal([...unknownNames(ups, full)], []);
  assert.equal([...unknownNames(ups, full)], [], 'the same cache again');
  // Another host's cache (or one from before), which lacks a name: asked there all the same.
  assert.equal([...unknownNames(ups, partial)], [['ups.status', 'rack']]);
  assert.equal([...unknownNames([{ name: 'rack', vars: { ...vars, 'ups.load': '20' } }], full)], [['ups.load', 'rack']]);
});

names.run();

const down = suite('hosts that fail');

down('a closed port is a host error, and other hosts are unaffected', async () => {
  const port = await freePort();
  const upsd = await startUpsd([{ name: 'ok', dev: 'ups.status: OL\n' }]);
  try {
    const results = await pollAll(
      { hosts: [{ name: 'dead', host: '127.0.0.1', port }, hostOf(upsd)], timeoutMs: 2000 },
      deps,
      NONE,
    );
    assert.is(results[0]?.error?.code, 'CONNECTION-REFUSED');
    assert.equal(results[0]?.ups, []);
    assert.is(results[1]?.error, null);
    assert.is(results[1]?.ups[0]?.vars?.['ups.status'], 'OL');
  } finally {
    await upsd.stop();
  }
});

down('a server that accepts and never answers is a timeout naming the phase and limit', async () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    const result = await pollHost({ name: 'mute', host: '127.0.0.1', port }, 300, deps);
    assert.is(result.error?.code, 'TIMEOUT');
    assert.match(result.error?.message ?? '', /Timeout awaiting reply to 'LIST UPS' from 127\.0\.0\.1:\d+ for 300ms/);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});

down('a frozen driver gives its UPS DATA-STALE, and it clears when the driver resumes', async () => {
  const upsd = await startUpsd([{ name: 'frozen', dev: 'ups.status: OL\n' }, { name: 'live', dev: 'ups.status: OB\n' }], { maxAge: 1 });
  const poll = () => pollHost(hostOf(upsd), 2000, deps);
  // upsd notices a silent driver only after MAXAGE and tells no one: poll until it reports it.
  const pollUntil = (done: (result: Awaited<ReturnType<typeof poll>>) => boolean, what: string) =>
    waitUntil(async () => {
      const result = await poll();
      return done(result) ? result : undefined;
    }, what);
  try {
    upsd.signalDriver('frozen', 'SIGSTOP');
    // With MAXAGE 1 a busy machine can make the live driver late too, for a moment: wait for a poll
    // with it current (the frozen one stays stale until it resumes).
    const stale = await pollUntil((result) => result.ups[0]?.error !== null && result.ups[1]?.error === null, 'upsd calling the frozen driver stale');
    assert.is(stale.ups[0]?.error?.code, 'DATA-STALE');
    assert.is(stale.ups[1]?.vars?.['ups.status'], 'OB');
    upsd.signalDriver('frozen', 'SIGCONT');
    const back = await pollUntil((result) => result.ups[0]?.error === null, 'upsd reading the resumed driver');
    assert.is(back.ups[0]?.vars?.['ups.status'], 'OL');
  } finally {
    await upsd.stop();
  }
});

down.run();
