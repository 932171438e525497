// schemas/config.schema.json and the job's parser take the same configs: an editor that shows a
// config as valid must not see the job refuse it, nor the reverse. Generated configs mix valid and
// wrong values of every field; only what a schema cannot state is left out of them: names unique
// ignoring case, dataDir outside outDir, which fields a cron expression may hold, a URL's syntax
// beyond its scheme.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../src/config/parse.ts';
import { ConfigError } from '../src/shared/errors.ts';
import { validators } from './helpers/schemas.ts';

function parserTakes(raw: unknown): boolean {
  try {
    parseConfig(raw, { baseDir: '/srv/upsview', source: 'config.json' });
    return true;
  } catch (error) {
    assert.instance(error, ConfigError);
    return false;
  }
}

async function schemaTakes(raw: unknown): Promise<boolean> {
  const validate = (await validators()).get('config.schema.json');
  if (!validate) throw new Error('no schemas/config.schema.json');
  return validate(raw);
}

/** A field's value: mostly one of `valid`, now and then one of `wrong` or of another type, or absent. */
const field = <T>(valid: T[], wrong: unknown[] = [], absent = 4) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 14 },
    { arbitrary: fc.constantFrom<unknown>(...wrong, null, true, 7, 1.5, -1, '', ' ', [], {}, ['x']), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: absent },
  );
const text = fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'Z', '0', '.', ':', '_', '%', '-', '[', ']', '/', ' ', '\t', 'é', '€', '\x7f') });

/** A misspelt key, now and then. */
const typo = fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: fc.constant('x'), weight: 1 });

const tls = fc.oneof(
  fc.constantFrom('off', 'auto', 'require', 'on'),
  fc.record({ mode: field(['auto', 'require'], ['off', 'yes'], 1), ca: field(['ca.pem'], [' ']), servername: field(['nas.lan', '10.0.0.1'], ['a b']) }),
);
const host = (index: number) =>
  fc.record(
    {
      // The index keeps names apart, ignoring case: uniqueness is the parser's alone.
      name: field(['NAS', 'Rack 2'], [' '], 1).map((name) => (typeof name === 'string' && /\S/.test(name) ? `${name}${index}` : name)),
      host: fc.oneof(
        { arbitrary: field(['nas.lan', '192.168.1.10', '::1', '[::1]', 'fe80::1%eth0'], ['[fe80::1]:3493', 'nas:3493', 'nas lan', '[nas]', ':'], 1), weight: 8 },
        { arbitrary: text, weight: 1 },
      ),
      port: field([1, 3493, 65535], [0, 65536]),
      credentials: field([{ username: 'monuser', password: 'secret' }, { username: ' ', password: '~' }], [{ username: 'monuser' }, { password: 'x' }, { username: 'mön', password: 'x' }, { username: 'u', password: 'pä55' }]),
      ups: field([['ups'], ['ups', 'UPS'], ['ups@2']], [[], ['a b']]),
      tls,
      pasword: typo,
    },
  ).map(({ credentials, ...rest }) => (credentials !== null && typeof credentials === 'object' ? { ...rest, ...credentials } : rest));
const webhook = fc.record(
  {
    url: field(['https://ntfy.sh/ups', 'http://ha.lan:8123/api/webhook/x', 'HTTPS://x/t'], ['https://ntfy.sh/', 'http:/x', ' http://x', 'http://', 'http://a b/', 'ftp://x', 'https://x\\t']),
    format: field(['json', 'ntfy', 'home-assistant'], ['slack']),
    headers: field([{ Authorization: 'Bearer t' }, { 'X-A': 'é' }], [{ 'X-A': '€' }, { 'A B': 'x' }, { 'X-A': 'a\nb' }, { '': 'x' }]),
  },
);
const config = fc.record(
  {
    $schema: field(['./schemas/config.schema.json']),
    title: field(['Home UPS', 'a\nb']),
    schedule: field(['*/30 * * * * *', '*/5 * * * *', '@hourly', ' @Daily '], ['every minute', '* * * *', '* * * * * * *']),
    outDir: field(['out', '/var/www/upsview']),
    dataDir: field(['data', '/var/lib/upsview']),
    timeoutMs: field([100, 5000, 600000], [99, 600001]),
    refreshSeconds: field([0, 60, 86400, null], [86401]),
    hosts: fc.oneof({ arbitrary: fc.tuple(host(0)), weight: 3 }, { arbitrary: fc.tuple(host(0), host(1)), weight: 3 }, { arbitrary: fc.constant([]), weight: 1 }),
    metrics: field([{ textfileDir: '/var/lib/prometheus/node-exporter' }], [{ textfileDir: ' ' }, { textfile: 'x' }]),
    hooks: field(
      [{ command: ['./notify.sh', '--all'] }, { timeoutMs: 60000, retries: 5 }],
      [{ command: ['notify', ''] }, { timeoutMs: 60001 }, { retries: 6 }, { webhooks: 'x' }],
    ),
    webhooks: fc.array(webhook, { maxLength: 2 }),
    Title: typo,
  },
).map(({ webhooks, ...rest }) => (webhooks !== undefined && webhooks.length > 0 && rest.hooks === undefined ? { ...rest, hooks: { webhooks } } : rest));

const agreement = suite('config schema and parser');

agreement('take and refuse the same generated configs', async () => {
  await fc.assert(
    fc.asyncProperty(config, async (generated) => {
      const raw: unknown = JSON.parse(JSON.stringify(generated));
      assert.is(await schemaTakes(raw), parserTakes(raw), JSON.stringify(raw));
    }),
    { numRuns: 1500 },
  );
});

agreement('a webhook URL is "http://" or "https://" as written, for both', async () => {
  const hosts = [{ name: 'NAS', host: 'nas.lan' }];
  // A URL parser reads each of these as some other address.
  for (const url of ['http:/ntfy.sh/ups', ' http://ntfy.sh/ups', 'HTTP:ntfy.sh/ups', 'https://ntfy.sh\\ups', 'https://ntfy.sh/ups\n', 'http://', 'http://nas lan/']) {
    const raw = { hosts, hooks: { webhooks: [{ url }] } };
    assert.is(parserTakes(raw), false, `parser: ${JSON.stringify(url)}`);
    assert.is(await schemaTakes(raw), false, `schema: ${JSON.stringify(url)}`);
  }
  const ntfy = { hosts, hooks: { webhooks: [{ url: 'https://ntfy.sh/', format: 'ntfy' }] } };
  assert.is(await schemaTakes(ntfy), false, 'an ntfy URL without its topic');
});

agreement('a null in place of any value but refreshSeconds is refused by both', async () => {
  const webhook = { url: 'https://ntfy.sh/ups', format: 'ntfy', headers: { A: 'b' } };
  const host = { name: 'NAS', host: 'nas.lan', port: 3493, username: 'u', password: 'p', ups: ['ups'], tls: { mode: 'auto', ca: 'ca.pem', servername: 'nas' } };
  const valid = {
    title: 'T', schedule: '@hourly', outDir: 'out', dataDir: 'data', timeoutMs: 5000, refreshSeconds: 60,
    hosts: [host], metrics: { textfileDir: '/m' }, hooks: { command: ['n'], timeoutMs: 100, retries: 1, webhooks: [webhook] },
  };
  assert.ok(parserTakes(valid) && (await schemaTakes(valid)), 'the valid config');
  const nulled: Array<[string, unknown]> = [
    ...Object.keys(valid).filter((key) => key !== 'refreshSeconds').map((key): [string, unknown] => [key, { ...valid, [key]: null }]),
    ...Object.keys(host).map((key): [string, unknown] => [`hosts[0].${key}`, { ...valid, hosts: [{ ...host, [key]: null }] }]),
    ...Object.keys(host.tls).map((key): [string, unknown] => [`tls.${key}`, { ...valid, hosts: [{ ...host, tls: { ...host.tls, [key]: null } }] }]),
    ...Object.keys(valid.hooks).map((key): [string, unknown] => [`hooks.${key}`, { ...valid, hooks: { ...valid.hooks, [key]: null } }]),
    ...Object.keys(webhook).map((key): [string, unknown] => [`webhook.${key}`, { ...valid, hooks: { webhooks: [{ ...webhook, [key]: null }] } }]),
  ];
  for (const [where, raw] of nulled) {
    assert.is(parserTakes(raw), false, `parser: ${where}: null`);
    assert.is(await schemaTakes(raw), false, `schema: ${where}: null`);
  }
});

agreement('a schedule of the wrong shape is refused by both', async () => {
  for (const schedule of ['every minute', '* * * *', '* * * * * * *', '']) {
    assert.is(await schemaTakes({ hosts: [{ name: 'NAS', host: 'nas.lan' }], schedule }), false, schedule);
  }
});

agreement.run();
