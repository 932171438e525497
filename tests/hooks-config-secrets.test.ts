// Hook settings a user gets wrong, as the real command line answers them: the mistake is named,
// its secret never repeated (a reload's log line goes to the journal), and a header value that
// could never be sent is refused by --check rather than failing every event later.

import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './helpers/cli.ts';
import { startDaemon } from './helpers/daemon.ts';
import { freePort } from './helpers/upsd.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  dir: string;
  config: string;
}

const config = suiteWith<Context>('hook settings a user gets wrong', {
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-hooks-config-'));
    context.config = path.join(context.dir, 'config.json');
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

const TOPIC = 'upsview-k3j9x2';
const TOKEN = 'tk_live_9f8e';

/** The usual slips: a URL where an object was wanted, a command line as one string, a header as one "Name: value" line. */
const slips = {
  webhooks: [`https://ntfy.example/${TOPIC}`, { url: 'https://hooks.example/ups', headers: { [`Authorization: Bearer ${TOKEN}`]: '' } }],
  command: `curl -H 'Authorization: Bearer ${TOKEN}' https://ntfy.example/${TOPIC}`,
};

async function writeConfig(file: string, hooks: unknown, port: number): Promise<void> {
  await writeFile(file, JSON.stringify({ outDir: 'out', schedule: '* * * * * *', timeoutMs: 300, hosts: [{ name: 'nas', host: '127.0.0.1', port }], hooks }));
}

config('--check names each slip without repeating the URL, token or command line', async (context) => {
  await writeConfig(context.config, slips, 9);
  const result = await runCli(['--config', context.config, '--check']);
  assert.is(result.code, 2, result.stderr);
  for (const at of ['hooks.webhooks[0]:', 'hooks.webhooks[1].headers:', 'hooks.command:']) assert.ok(result.stderr.includes(at), `names ${at}: ${result.stderr}`);
  assert.match(result.stderr, /header name starting "Authorization" holds ":"/);
  for (const secret of [TOPIC, TOKEN, 'Bearer']) assert.not.ok(result.stderr.includes(secret), `shows ${secret}: ${result.stderr}`);

  await writeConfig(context.config, { webhooks: `https://ntfy.example/${TOPIC}` }, 9);
  const whole = await runCli(['--config', context.config, '--check']);
  assert.is(whole.code, 2, whole.stderr);
  assert.match(whole.stderr, /hooks\.webhooks: expected an array/);
  assert.not.ok(whole.stderr.includes(TOPIC), whole.stderr);
});

config('a reload refused over the same slips logs no secret', async (context) => {
  const port = await freePort();
  await writeConfig(context.config, {}, port);
  const daemon = startDaemon(['--config', context.config]);
  try {
    await daemon.logged('started');
    await writeConfig(context.config, slips, port);
    daemon.child.kill('SIGHUP');
    await daemon.logged('reload-failed');
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  const line = JSON.stringify(daemon.events.find((event) => event.kind === 'reload-failed'));
  assert.ok(line.includes('hooks.webhooks[0]'), line);
  for (const secret of [TOPIC, TOKEN]) assert.not.ok(JSON.stringify(daemon.events).includes(secret), `the log holds ${secret}: ${line}`);
});

config('a header value HTTP cannot carry is refused by --check, not by every delivery', async (context) => {
  // node:http refuses a "€" when it sends the request; the config used to take it.
  await writeConfig(context.config, { webhooks: [{ url: 'https://hooks.example/ups', headers: { 'X-Title': 'Strom weg: 0,30 €/kWh' } }] }, 9);
  const result = await runCli(['--config', context.config, '--check']);
  assert.is(result.code, 2, result.stdout);
  assert.match(result.stderr, /hooks\.webhooks\[0\]\.headers\.X-Title: expected a one-line string/);
  assert.not.ok(result.stderr.includes('Strom'), result.stderr);

  // Latin-1 is what node:http does send: still taken.
  await writeConfig(context.config, { webhooks: [{ url: 'https://hooks.example/ups', headers: { 'X-Title': 'Stromausfall im Büro' } }] }, 9);
  const latin1 = await runCli(['--config', context.config, '--check']);
  assert.is(latin1.code, 0, latin1.stderr);
});

config.run();
