// What the job does with signals at each point of its life: a reload asked for while it starts is
// not lost, and none is made once it stops.

import { EventEmitter } from 'node:events';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AppLogger } from '../src/app/log-events.ts';
import { processSignals } from '../src/app/process-signals.ts';

const signals = suite('process signals');

function setUp() {
  const source = new EventEmitter();
  const logged: string[] = [];
  const log: AppLogger = { event: (event) => void logged.push(event.kind), debug: () => undefined };
  const reloads: string[] = [];
  const exits: number[] = [];
  const handled = processSignals(log, source, (code) => void exits.push(code));
  return { source, logged, reloads, exits, handled, send: (signal: NodeJS.Signals) => source.emit(signal, signal) };
}

signals('a SIGHUP while the job starts reloads once the daemon runs, and only once for several', () => {
  const { handled, send, logged, reloads } = setUp();
  send('SIGHUP');
  send('SIGHUP');
  assert.equal(reloads, []);
  handled.onReload(() => reloads.push('reload'));
  assert.equal(reloads, ['reload'], 'served as the daemon starts');
  send('SIGHUP');
  assert.equal(reloads, ['reload', 'reload'], 'and each one after as it comes');
  assert.equal(logged, ['reload-requested', 'reload-requested', 'reload-requested']);
});

signals('a SIGHUP while the daemon stops, or after a stop request, reloads nothing', () => {
  const { handled, send, reloads } = setUp();
  handled.onReload(() => reloads.push('running'));
  send('SIGTERM');
  handled.onReload(null);
  send('SIGHUP');
  handled.onReload(() => reloads.push('late'));
  assert.equal(reloads, []);
  const starting = setUp();
  starting.send('SIGINT');
  starting.send('SIGHUP');
  starting.handled.onReload(() => starting.reloads.push('reload'));
  assert.equal(starting.reloads, [], 'stopped while starting');
});

signals('the first SIGINT or SIGTERM is the stop request; the stop resolves for it, at once if it came already', async () => {
  const { handled, send, logged, exits } = setUp();
  assert.not.ok(handled.stopRequested);
  const stopped = handled.stop();
  send('SIGTERM');
  await stopped;
  assert.ok(handled.stopRequested);
  await handled.stop();
  assert.equal(logged, ['stopping']);
  assert.equal(exits, [], 'the process is left to end by itself');
});

signals('a second SIGINT or SIGTERM while it stops ends the process at once, as the signal would', () => {
  const first = setUp();
  first.send('SIGINT');
  first.send('SIGINT');
  assert.equal(first.logged, ['stopping', 'stop-forced']);
  assert.equal(first.exits, [130]);
  const second = setUp();
  second.send('SIGTERM');
  second.send('SIGHUP');
  second.send('SIGTERM');
  assert.equal(second.exits, [143]);
});

signals.run();
