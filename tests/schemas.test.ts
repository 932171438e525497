import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../src/config/parse.ts';
import { REPO } from './helpers/cli.ts';
import { createCycler, type Cycler, type Published } from './helpers/cycle.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { suiteWith } from './helpers/suite.ts';
import { assertMatchesSchema, assertValidOutputs, validators } from './helpers/schemas.ts';
import { freePort, startUpsd, type Upsd } from './helpers/upsd.ts';

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

async function rejects(schema: string, value: unknown): Promise<boolean> {
  return assertMatchesSchema(schema, value, 'x').then(() => false, () => true);
}

const config = suite('config schema');

config('the shipped config.json names the schema, matches it and parses', async () => {
  const shipped = await readJson(path.join(REPO, 'config.json'));
  assert.is(shipped.$schema, './schemas/config.schema.json');
  await assertMatchesSchema('config.schema.json', shipped, 'config.json');
  parseConfig(shipped, { baseDir: REPO, source: 'config.json' });
});

config('the README example matches it', async () => {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const example = /## Config\n\n```json\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'README has a config example');
  await assertMatchesSchema('config.schema.json', JSON.parse(example), 'README config example');
});

config('the README hooks example is valid for the schema and the parser', async () => {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const snippet = /## Event hooks[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'README has a hooks example');
  const raw = JSON.parse(`{ "hosts": [{ "name": "nas", "host": "nas.local" }], ${snippet} }`) as Record<string, unknown>;
  await assertMatchesSchema('config.schema.json', raw, 'README hooks example');
  const parsed = parseConfig(raw, { baseDir: REPO, source: 'README' });
  assert.equal(parsed.hooks.webhooks.map((hook) => hook.format), ['ntfy', 'home-assistant', 'json']);
});

config('accepts every tls form the parser accepts', async () => {
  for (const tls of ['off', 'auto', 'require', { mode: 'require' }, { mode: 'auto', servername: 'nas.lan' }]) {
    const raw = { hosts: [{ name: 'a', host: 'b', tls }] };
    await assertMatchesSchema('config.schema.json', raw, JSON.stringify(tls));
    parseConfig(raw, { baseDir: '/', source: 'x' });
  }
});

config('takes the host addresses the parser takes, and refuses the ones it refuses', async () => {
  const taken = ['nas.lan', '192.168.1.10', 'fe80::1%eth0', '::1', '[::1]', '[fe80::1]', 'my_nas-2'];
  const refused = ['10.0.0.1:3493', 'nas.lan:3493', '[::1]:3493', 'http://nas', 'nas lan', '[nas]', ''];
  for (const host of taken) {
    const raw = { hosts: [{ name: 'a', host }] };
    await assertMatchesSchema('config.schema.json', raw, host);
    parseConfig(raw, { baseDir: '/', source: 'x' });
  }
  for (const host of refused) {
    const raw = { hosts: [{ name: 'a', host }] };
    assert.ok(await rejects('config.schema.json', raw), `schema refuses ${JSON.stringify(host)}`);
    assert.throws(() => parseConfig(raw, { baseDir: '/', source: 'x' }), undefined, `parser refuses ${JSON.stringify(host)}`);
  }
});

config('rejects what the parser rejects', async () => {
  const host = { name: 'a', host: 'b' };
  const bad: Record<string, unknown>[] = [
    { hosts: [] },
    { hosts: [host], schedul: 'x' },
    { hosts: [{ ...host, port: 70000 }] },
    { hosts: [{ ...host, username: 'only' }] },
    { hosts: [{ ...host, host: 'http://b' }] },
    { hosts: [host], metrics: { textfileDir: 5 } },
    { hosts: [host], hooks: { command: 'sh -c x' } },
    { hosts: [host], hooks: { webhooks: [{ url: 'ftp://x' }] } },
    { hosts: [host], hooks: { webhooks: [{ url: 'http://x', format: 'slack' }] } },
    { hosts: [{ ...host, tls: 'on' }] },
    { hosts: [{ ...host, tls: { ca: 'ca.pem' } }] },
    { hosts: [{ ...host, tls: { mode: 'require', cert: 'x' } }] },
  ];
  for (const raw of bad) {
    assert.ok(await rejects('config.schema.json', raw), `schema rejects ${JSON.stringify(raw)}`);
    assert.throws(() => parseConfig(raw, { baseDir: '/', source: 'x' }), undefined, `parser rejects ${JSON.stringify(raw)}`);
  }
});

const outputs = suiteWith<{ upsd: Upsd; cycler: Cycler; published: Published }>('output schemas', {
  async before(context) {
    context.upsd = await startUpsd(FOUR_UPS);
    context.cycler = await createCycler({
      hosts: [
        { name: 'nas', host: context.upsd.host, port: context.upsd.port },
        { name: 'lab', host: '127.0.0.1', port: await freePort() },
      ],
    });
    await context.cycler.run();
    await context.upsd.stopDriver('onbatt');
    context.published = await context.cycler.run();
  },
  async after({ upsd, cycler }) {
    await cycler?.cleanup();
    await upsd?.stop();
  },
});

outputs('the schemas compile as draft 2020-12', async () => {
  assert.equal([...(await validators()).keys()], ['badge.schema.json', 'config.schema.json', 'history.schema.json', 'status.schema.json']);
});

outputs('a real status.json with a host down and a UPS without data matches, and the check can fail', async ({ published }) => {
  const { status } = published;
  assert.is(status.byId.nas_onbatt?.error, 'DRIVER-NOT-CONNECTED');
  await assertMatchesSchema('status.schema.json', status, 'status.json');
  assert.ok(await rejects('status.schema.json', { ...status, extra: 1 }), 'unknown top-level field');
  const { byId: _dropped, ...withoutById } = status;
  assert.ok(await rejects('status.schema.json', withoutById), 'missing byId');
  assert.ok(await rejects('status.schema.json', { ...status, byId: { 'Bad-Id': status.byId.nas_ups } }), 'id pattern');
  try {
    await assertValidOutputs([{ name: 'history-of-nothing.json', content: '{}' }]);
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /has no schema/);
  }
});

outputs('a real history.json matches, and one without a series the page charts is refused', async ({ cycler }) => {
  const history = JSON.parse(await readFile(path.join(cycler.outDir, 'history.json'), 'utf8')) as { ups: { day: Record<string, unknown>; month: Record<string, unknown> }[] };
  await assertMatchesSchema('history.schema.json', history, 'history.json');
  const [first, ...rest] = history.ups;
  assert.ok(first, 'a UPS with history');
  for (const series of ['day', 'month'] as const) {
    for (const figure of ['charge', 'load', 'runtime', 'inputVoltage']) {
      const { [figure]: _left, ...without } = first[series];
      assert.ok(await rejects('history.schema.json', { ...history, ups: [{ ...first, [series]: without }, ...rest] }), `${series} without ${figure}`);
    }
    assert.ok(await rejects('history.schema.json', { ...history, ups: [{ ...first, [series]: { ...first[series], power: [] } }, ...rest] }), `${series} with a figure it does not chart`);
  }
});

outputs('the output folder carries the schemas of its JSON files', async ({ cycler }) => {
  for (const name of ['status.schema.json', 'history.schema.json', 'badge.schema.json']) {
    assert.is(await readFile(path.join(cycler.outDir, 'schemas', name), 'utf8'), await readFile(path.join(REPO, 'schemas', name), 'utf8'));
  }
});

config.run();
outputs.run();
