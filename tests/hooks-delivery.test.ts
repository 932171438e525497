// Hook delivery without a NUT server (hooks.test.ts runs whole cycles against a real upsd): what
// the runner and send.ts do with receivers and commands that misbehave, and what the config makes
// of hook fields.

import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IssueList } from '../src/config/fields.ts';
import { parseHooks } from '../src/config/integrations.ts';
import { parseConfig } from '../src/config/parse.ts';
import { deliveries, type Delivery } from '../src/hooks/deliveries.ts';
import type { HookEvent } from '../src/hooks/events.ts';
import { createHookRunner, type HookLogEvent } from '../src/hooks/runner.ts';
import { runCommand } from '../src/hooks/send.ts';
import { ConfigError, HookError } from '../src/shared/errors.ts';
import type { Logger } from '../src/shared/log.ts';
import { REPO, collect } from './helpers/cli.ts';
import { within } from './helpers/cycle.ts';
import { onMains, snapshotOf } from './helpers/page-snapshot.ts';
import { suiteWith } from './helpers/suite.ts';
import { waitUntil } from './helpers/wait.ts';

interface Context {
  server?: http.Server;
  dir: string;
}

const delivery = suiteWith<Context>('hook delivery', {
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-hook-delivery-'));
  },
  async afterEach({ server, dir }) {
    if (server?.listening) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

const snapshot = snapshotOf([{ name: 'nas', ups: [{ name: 'ups', vars: onMains() }] }]);
const event = (text: string): HookEvent => ({
  ...{ type: 'on-battery', time: snapshot.generatedAt, host: 'nas', ups: 'ups', id: 'nas_ups', text, severity: 'warning' },
  ...{ state: null, code: null, durationSeconds: null, batteryCharge: null, runtimeSeconds: null },
});

function recordingLog() {
  const lines: HookLogEvent[] = [];
  const log: Logger<HookLogEvent> = { event: (line) => lines.push(line), debug: () => undefined };
  return { lines, log };
}

async function listen(context: Context, handler: http.RequestListener): Promise<string> {
  context.server = http.createServer(handler);
  context.server.listen(0, '127.0.0.1');
  await once(context.server, 'listening');
  return `http://127.0.0.1:${(context.server.address() as AddressInfo).port}`;
}

const webhook = (url: string, timeoutMs: number, body = '{}'): Delivery =>
  ({ kind: 'webhook', key: 'webhooks[0]', target: 'json webhook', url, headers: {}, body, timeoutMs, retries: 0 });

delivery('a receiver that drops the connection mid-answer fails that attempt; the next event still goes out', async (context) => {
  let requests = 0;
  const url = await listen(context, (request, response) => {
    const first = ++requests === 1;
    request.resume();
    request.on('end', () => {
      if (!first) return response.end('ok');
      // Headers and part of the promised body, then the connection goes.
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial', () => response.socket?.destroy());
    });
  });
  const { lines, log } = recordingLog();
  const runner = createHookRunner({ log, backoffMs: 1 });
  // A long timeout: only noticing the dropped connection can end the first attempt in time.
  runner.dispatch([webhook(url, 60_000, '{"n":1}'), webhook(url, 60_000, '{"n":2}')]);
  await within(runner.idle(), 10_000, 'the deliveries settling');
  assert.is(requests, 2);
  assert.equal(lines.map((line) => `${line.kind} ${'code' in line ? line.code : ''}`), ['hook-failed HOOK-CONNECTION', 'hook-recovered ']);
});

delivery('a receiver that sends headers and then nothing fails with HOOK-TIMEOUT after hooks.timeoutMs', async (context) => {
  const url = await listen(context, (request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
    });
  });
  const { lines, log } = recordingLog();
  const runner = createHookRunner({ log });
  runner.dispatch([webhook(url, 300)]);
  await within(runner.idle(), 10_000, 'the delivery settling');
  assert.equal(lines.map((line) => ('code' in line ? line.code : line.kind)), ['HOOK-TIMEOUT']);
});

delivery('a retry still due keeps the process alive, as under --once: it is made, and idle() settles', async ({ dir }) => {
  const script = path.join(dir, 'retry.mts');
  const runner = pathToFileURL(path.join(REPO, 'src', 'hooks', 'runner.ts')).href;
  // Nothing else keeps this process alive: only the pause before the retry.
  await writeFile(script, `
    import { createHookRunner } from ${JSON.stringify(runner)};
    let attempts = 0;
    const log = { event: () => undefined, debug: () => undefined };
    const runner = createHookRunner({ log, backoffMs: 50, send: async () => { if (++attempts === 1) throw new Error('502'); } });
    runner.dispatch([{ kind: 'webhook', key: 'k', target: 't', url: 'http://127.0.0.1:9/', headers: {}, body: '{}', timeoutMs: 1000, retries: 2 }]);
    await runner.idle();
    console.log(JSON.stringify({ attempts }));
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = await within(collect(child), 30_000, 'the child exiting');
  assert.is(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), { attempts: 2 });
});

delivery('a stopping daemon gives its hooks a deadline: what is left then is dropped, and said once per target', async () => {
  const { lines, log } = recordingLog();
  let attempts = 0;
  // A receiver that fails at once; the retry's pause is far past the deadline.
  const send = () => new Promise<void>((_, reject) => setTimeout(() => reject(new Error('502')), 10, ++attempts));
  const runner = createHookRunner({ log, backoffMs: 60_000, send });
  const hook = (body: string): Delivery => ({ ...webhook('http://127.0.0.1:9/', 1000, body), retries: 2 });
  runner.dispatch([hook('{"n":1}'), hook('{"n":2}')]);
  await within(runner.idle(100), 5_000, 'idle() by its deadline');
  await within(runner.idle(), 5_000, 'the dropped deliveries settling');
  assert.is(attempts, 1, 'no retry and no second delivery after the deadline');
  assert.equal(lines.map((line) => `${line.kind} ${'code' in line ? line.code : ''}`), ['hook-failed HOOK-DROPPED']);
});

/** Whether `pid` still runs: a zombie (killed, not yet reaped by PID 1) counts as ended. */
async function running(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/\) Z /.test(stat);
}

delivery('a command that overruns hooks.timeoutMs is ended with everything it started', async ({ dir }) => {
  const pidFile = path.join(dir, 'sleep.pid');
  // A script that starts a program of its own and waits for it, as a script calling curl does.
  const argv = ['/bin/sh', '-c', 'sleep 30 & echo $! > "$1"; wait', 'sh', pidFile];
  const started = runCommand({ kind: 'command', key: 'command', target: 'command sh', argv, env: {}, timeoutMs: 500, retries: 0 });
  try {
    await within(started, 10_000, 'the command settling');
    assert.unreachable('the command should time out');
  } catch (error) {
    assert.instance(error, HookError);
    assert.is((error as HookError).code, 'HOOK-TIMEOUT');
  }
  const pid = Number(await readFile(pidFile, 'utf8'));
  assert.ok(pid > 0, 'the script started its program before the timeout');
  try {
    await waitUntil(async () => ((await running(pid)) ? undefined : true), 'the script\'s own program ending', 5_000);
  } finally {
    // Only what this test started, should the fix not have.
    if (await running(pid)) process.kill(pid, 'SIGKILL');
  }
});

delivery('two ntfy topics on one server: each has its own queue and its own failing state', async () => {
  const hooks = {
    command: null,
    webhooks: [
      { url: 'https://ntfy.example/ops-alerts', format: 'ntfy' as const, headers: {} },
      { url: 'https://ntfy.example/home-alerts', format: 'ntfy' as const, headers: {} },
    ],
    timeoutMs: 5000,
    retries: 0,
  };
  const list = [...deliveries(hooks, [event('one')], snapshot), ...deliveries(hooks, [event('two')], snapshot)];
  let refuse = (): void => undefined;
  const refused = new Promise<void>((resolve) => (refuse = resolve));
  let homeGot = 0;
  let homeGotBoth = (): void => undefined;
  const bothAtHome = new Promise<void>((resolve) => (homeGotBoth = resolve));
  const { lines, log } = recordingLog();
  const runner = createHookRunner({
    log,
    backoffMs: 1,
    send: async (sent) => {
      if ((JSON.parse(sent.kind === 'webhook' ? sent.body : '{}') as { topic: string }).topic === 'ops-alerts') {
        await refused;
        throw new HookError('HOOK-HTTP-STATUS', 'answered HTTP 403');
      }
      if (++homeGot === 2) homeGotBoth();
    },
  });
  runner.dispatch(list);
  // The broken topic's first attempt is still pending: the other topic is not queued behind it.
  await within(bothAtHome, 5_000, 'both events reaching the working topic');
  refuse();
  await within(runner.idle(), 5_000, 'the deliveries settling');
  assert.equal(lines.map((line) => `${line.kind} ${line.target}`), ['hook-failed ntfy webhook https://ntfy.example/…']);
});

delivery('an ntfy topic that is not valid percent-encoding: refused by the config, never thrown in a cycle', () => {
  const hooks = { command: null, webhooks: [{ url: 'https://ntfy.example/ups%alerts', format: 'ntfy' as const, headers: {} }], timeoutMs: 5000, retries: 0 };
  const [sent] = deliveries(hooks, [event('on battery')], snapshot);
  assert.is(sent?.kind === 'webhook' && sent.url, 'https://ntfy.example/');
  assert.is((JSON.parse(sent?.kind === 'webhook' ? sent.body : '{}') as { topic: string }).topic, 'ups%alerts');

  try {
    parseConfig({ hosts: [{ name: 'NAS', host: '192.0.2.10' }], hooks: { webhooks: hooks.webhooks } }, { baseDir: '/srv/upsview', source: 'config.json' });
    assert.unreachable('the config should be refused');
  } catch (error) {
    assert.instance(error, ConfigError);
    const issues = (error as ConfigError).issues;
    assert.equal(issues.map((issue) => issue.path), ['hooks.webhooks[0].url']);
    assert.match(issues[0]?.message ?? '', /ntfy topic/);
    assert.not.match(JSON.stringify(issues), /alerts/);
  }
});

delivery('an ntfy URL without a topic is refused by the config, saying what is missing', () => {
  for (const url of ['https://ntfy.example/', 'https://ntfy.example']) {
    try {
      parseConfig({ hosts: [{ name: 'NAS', host: '192.0.2.10' }], hooks: { webhooks: [{ url, format: 'ntfy' }] } }, { baseDir: '/srv/upsview', source: 'config.json' });
      assert.unreachable(`${url} should be refused`);
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.equal((error as ConfigError).issues.map((issue) => [issue.path, issue.message]), [
        ['hooks.webhooks[0].url', 'an ntfy URL ends with its topic, such as https://ntfy.sh/my-ups-topic; this one has none'],
      ]);
    }
  }
});

delivery('a command given as a relative path resolves against the config\'s folder; a bare name is left for PATH', () => {
  const commandOf = (command: string[]) => parseHooks({ hooks: { command } }, new IssueList(), '/srv/upsview').command;
  assert.equal(commandOf(['./hook.sh', './arg']), ['/srv/upsview/hook.sh', './arg']);
  assert.equal(commandOf(['bin/notify']), ['/srv/upsview/bin/notify']);
  assert.equal(commandOf(['notify', '--all']), ['notify', '--all']);
  assert.equal(commandOf(['/usr/local/bin/notify']), ['/usr/local/bin/notify']);
});

delivery.run();
