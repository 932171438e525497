import * as assert from 'uvu/assert';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHookRunner } from '../src/hooks/runner.ts';
import { redactUrl } from '../src/hooks/redact.ts';
import { REPO } from './helpers/cli.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, upsdSeesDriver, type Upsd } from './helpers/upsd.ts';

const WRITE_ENV = path.join(REPO, 'tests', 'fixtures', 'hooks', 'write-env.mjs');

interface Context {
  upsd: Upsd;
  receiver: Receiver;
  cycler?: Cycler;
  envFile: string;
}

const hooks = suiteWith<Context>('event hooks', {
  async before(context) {
    context.upsd = await startUpsd(FOUR_UPS.slice(0, 1));
  },
  async beforeEach(context) {
    context.receiver = await startReceiver();
    context.envFile = path.join(os.tmpdir(), `upsview-hook-env-${process.pid}-${Date.now()}.jsonl`);
  },
  async afterEach(context) {
    await context.cycler?.deps.hooks.idle();
    await context.cycler?.cleanup();
    await context.receiver?.close();
    if (context.envFile) await rm(context.envFile, { force: true });
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

const bodyOf = (receiver: Receiver, prefix: string) => JSON.parse(receiver.received.find((r) => r.url.startsWith(prefix))?.body ?? 'null') as Record<string, unknown>;

/** A cycle where the UPS loses its driver, then one where it has it again. */
async function driverLostAndBack(context: Context, between: () => Promise<void> = async () => undefined) {
  const cycler = context.cycler as Cycler;
  await context.upsd.stopDriver('ups');
  try {
    await cycler.run();
    await between();
  } finally {
    await context.upsd.startDriver('ups');
  }
  await upsdSeesDriver(context.upsd, 'ups');
  await cycler.run();
}

hooks('a UPS that loses its driver: the command and every webhook shape get the event', async (context) => {
  const { receiver, upsd } = context;
  context.cycler = await createCycler({
    hosts: [{ name: 'nas', host: upsd.host, port: upsd.port }],
    hooks: {
      command: [process.execPath, WRITE_ENV, context.envFile, '--from-upsview'],
      webhooks: [
        { url: `${receiver.url}/generic?token=abc`, headers: { Authorization: 'Bearer s3cret' } },
        { url: `${receiver.url}/ntfy/ups-topic`, format: 'ntfy' },
        { url: `${receiver.url}/api/webhook/secret-id`, format: 'home-assistant' },
      ],
    },
  });
  await context.cycler.run();
  await context.cycler.deps.hooks.idle();
  assert.is(receiver.received.length, 0, 'no event in a calm first cycle');

  await driverLostAndBack(context, () => (context.cycler as Cycler).deps.hooks.idle());
  await context.cycler.deps.hooks.idle();
  assert.is(receiver.received.length, 6, 'driver-lost and driver-back to three webhooks');

  const generic = receiver.received.find((r) => r.url === '/generic?token=abc');
  assert.is(generic?.headers.authorization, 'Bearer s3cret');
  assert.is(generic?.headers['content-type'], 'application/json');
  const event = (bodyOf(receiver, '/generic') as { event: Record<string, unknown>; ups: { id: string } });
  assert.equal([event.event.type, event.event.id, event.event.code, event.ups.id], ['driver-lost', 'nas_ups', 'DRIVER-NOT-CONNECTED', 'nas_ups']);

  const ntfy = bodyOf(receiver, '/ntfy/');
  assert.equal({ ...ntfy, message: undefined }, { topic: 'ups-topic', title: 'Test: ups@nas', message: undefined, priority: 4, tags: ['warning'] });
  assert.is(ntfy.message, event.event.text, 'the power event in words');
  assert.ok(String(ntfy.message).length > 0);
  assert.equal(receiver.received.filter((r) => r.url.startsWith('/ntfy')).map((r) => r.url), ['/ntfy/', '/ntfy/']);

  const ha = bodyOf(receiver, '/api/webhook/secret-id');
  assert.equal([ha.type, ha.host, ha.ups, ha.id, ha.severity], ['driver-lost', 'nas', 'ups', 'nas_ups', 'warning']);

  const runs = (await readFile(context.envFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { args: string[]; env: Record<string, string> });
  assert.equal(runs.map((run) => run.env.UPSVIEW_EVENT_TYPE), ['driver-lost', 'driver-back']);
  assert.equal(runs[0]?.args, ['--from-upsview']);
  assert.is(runs[0]?.env.UPSVIEW_EVENT_ID, 'nas_ups');
  assert.is(runs[0]?.env.UPSVIEW_EVENT_CODE, 'DRIVER-NOT-CONNECTED');
  assert.is(runs[1]?.env.UPSVIEW_EVENT_CODE, '');
  assert.is(JSON.parse(runs[0]?.env.UPSVIEW_EVENT_JSON ?? '{}').event.host, 'nas');
});

hooks('a hanging receiver never holds up the cycle; failures are logged once per episode, without secrets', async (context) => {
  const { receiver, upsd } = context;
  receiver.hold = true;
  context.cycler = await createCycler({
    hosts: [{ name: 'nas', host: upsd.host, port: upsd.port }],
    hooks: {
      command: ['/nonexistent/notify-secret-path'],
      webhooks: [{ url: `${receiver.url.replace('//', '//user:pw@')}/api/webhook/secret-id?token=abc`, headers: { 'X-Token': 's3cret' } }],
      timeoutMs: 300,
      retries: 1,
    },
  });
  const cycler = context.cycler;
  cycler.deps.hooks = createHookRunner({ log: cycler.deps.log, backoffMs: 1 });
  await cycler.run();

  let settled = false;
  await driverLostAndBack(context, async () => {
    // The cycle has returned; its webhook is still waiting for an answer.
    await receiver.arrived(1);
    void cycler.deps.hooks.idle().then(() => (settled = true));
    assert.is(settled, false);
  });
  await cycler.deps.hooks.idle();
  const failed = cycler.logs.filter((line) => line.kind === 'hook-failed');
  const webhookTarget = `json webhook ${receiver.url}/api/webhook/…`;
  assert.equal(failed.map((line) => `${line.target} ${line.code} ${line.attempts}`).sort(), [
    'command /nonexistent/notify-secret-path HOOK-COMMAND 2',
    `${webhookTarget} HOOK-TIMEOUT 2`,
  ]);
  assert.is(receiver.received.length, 4, 'two events, two attempts each, one log line');

  receiver.hold = false;
  receiver.release();
  await driverLostAndBack(context);
  await cycler.deps.hooks.idle();
  assert.equal(cycler.logs.filter((line) => line.kind === 'hook-recovered').map((line) => line.target), [webhookTarget]);
  const logged = JSON.stringify(cycler.logs);
  for (const secret of ['secret-id', 'token', 'abc', 's3cret', 'user:pw']) assert.not.ok(logged.includes(secret), `log holds ${secret}`);
});

hooks('URLs in the log lose user, password, query, fragment and the last path segment', () => {
  assert.is(redactUrl('https://u:p@ntfy.example/topic-123?auth=x#y'), 'https://ntfy.example/…');
  assert.is(redactUrl('http://ha.local:8123/api/webhook/abc/'), 'http://ha.local:8123/api/webhook/…/');
  assert.is(redactUrl('http://host/'), 'http://host/');
});

hooks.run();
