import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCertificates } from './helpers/nss-certs.ts';
import { suiteWith } from './helpers/suite.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { parseConfig } from '../src/config/parse.ts';
import { DEFAULTS } from '../src/config/types.ts';
import { ConfigError, type ConfigIssue } from '../src/shared/errors.ts';

const options = { baseDir: '/srv/upsview', source: 'config.json' };
const minimal = { hosts: [{ name: 'NAS', host: '192.0.2.10' }] };

function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    parseConfig(raw, options);
  } catch (error) {
    assert.instance(error, ConfigError);
    return [...(error as ConfigError).issues];
  }
  assert.unreachable('config should have been rejected');
  return [];
}

const parse = suite('parseConfig');

parse('fills every documented default', () => {
  const config = parseConfig(minimal, options);
  assert.equal(config, {
    title: DEFAULTS.title,
    schedule: DEFAULTS.schedule,
    outDir: '/srv/upsview/out',
    dataDir: '/srv/upsview/data',
    timeoutMs: 5000,
    // null in the file: the page refreshes once per schedule interval.
    refreshSeconds: 30,
    intervalSeconds: 30,
    hosts: [{ name: 'NAS', host: '192.0.2.10', port: 3493 }],
    metrics: { textfileDir: null },
    hooks: { command: null, webhooks: [], timeoutMs: 5000, retries: 2 },
  });
});

parse('accepts the full example from the README', () => {
  const config = parseConfig(
    {
      title: 'Home UPS',
      schedule: '*/30 * * * * *',
      outDir: '/var/www/ups',
      timeoutMs: 5000,
      refreshSeconds: 0,
      hosts: [{ name: 'NAS', host: '192.168.1.10', port: 3493, username: 'monuser', password: 'secret', ups: ['ups'] }],
    },
    options,
  );
  assert.is(config.outDir, '/var/www/ups');
  assert.is(config.refreshSeconds, 0);
  assert.equal(config.hosts[0]?.ups, ['ups']);
  assert.is(config.hosts[0]?.password, 'secret');
});

parse('dataDir: beside the config by default, never inside outDir', () => {
  assert.is(parseConfig({ ...minimal, dataDir: '/var/lib/upsview' }, options).dataDir, '/var/lib/upsview');
  assert.is(parseConfig({ ...minimal, outDir: '/srv/upsview/out', dataDir: '/srv/upsview/outside' }, options).dataDir, '/srv/upsview/outside');
  for (const dataDir of ['out', 'out/data', '/srv/upsview/out/x/y']) {
    const issues = issuesOf({ ...minimal, dataDir });
    assert.equal(issues.map((issue) => issue.path), ['dataDir'], dataDir);
    assert.match(issues[0]?.message ?? '', /must not be inside outDir/);
  }
  assert.equal(issuesOf({ ...minimal, outDir: '.' }).map((issue) => issue.path), ['dataDir'], 'the default data folder is inside "."');
});

parse('reports every bad field at once, each with its path', () => {
  const issues = issuesOf({
    title: 7,
    schedule: 'every minute',
    timeoutMs: 0,
    hosts: [
      { name: 'A', host: 'a', port: 70000 },
      { name: 'B', host: 'http://b', ups: [] },
      { host: 'c', username: 'only' },
      'nope',
    ],
  });
  const paths = issues.map((issue) => issue.path);
  assert.equal(paths.sort(), [
    'hosts[0].port',
    'hosts[1].host',
    'hosts[1].ups',
    'hosts[2].name',
    'hosts[2].password',
    'hosts[3]',
    'schedule',
    'timeoutMs',
    'title',
  ]);
  const port = issues.find((issue) => issue.path === 'hosts[0].port');
  assert.is(port?.message, 'expected an integer 1-65535, got number 70000');
});

parse('rejects unknown keys with a suggestion', () => {
  const issues = issuesOf({ ...minimal, schedul: '* * * * *', hosts: [{ name: 'x', host: 'y', pasword: 'z' }] });
  assert.equal(issues, [
    { path: 'schedul', message: 'unknown key (did you mean "schedule"?)' },
    { path: 'hosts[0].pasword', message: 'unknown key (did you mean "password"?)' },
  ]);
});

parse('rejects duplicate host names and an empty host list', () => {
  const dup = issuesOf({ hosts: [{ name: 'NAS', host: 'a' }, { name: 'nas', host: 'b' }] });
  assert.equal(dup, [{ path: 'hosts[1].name', message: '"nas" repeats hosts[0].name (names must be unique, ignoring case)' }]);
  assert.is(issuesOf({ hosts: [] })[0]?.path, 'hosts');
  assert.is(issuesOf([])[0]?.path, '(root)');
});

parse('the page renews itself at least once a day, however rare the schedule', () => {
  const monthly = parseConfig({ schedule: '0 3 1 * *', hosts: [{ name: 'x', host: 'y' }] }, options);
  assert.ok(monthly.intervalSeconds > 86_400);
  assert.is(monthly.refreshSeconds, 86_400);
});

parse("a host's ups list names each UPS once, ignoring case as upsd does", () => {
  const config = parseConfig({ hosts: [{ name: 'x', host: 'y', ups: ['ups1', 'UPS1', 'ups2', 'ups2'] }] }, options);
  assert.equal(config.hosts[0]?.ups, ['ups1', 'ups2']);
});

parse('rejects credentials upsd could not receive intact', () => {
  const issues = issuesOf({ hosts: [{ name: 'x', host: 'y', username: 'mon', password: 'pässword' }] });
  assert.is(issues[0]?.path, 'hosts[0].password');
  assert.match(issues[0]?.message ?? '', /printable ASCII/);
});

parse('the error message lists every issue and never a secret value', () => {
  try {
    parseConfig({ hosts: [{ name: 'x', host: 'y', username: 'u', password: 'hunter2', port: 'x' }] }, options);
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /config\.json: invalid config\n {2}hosts\[0\]\.port: expected an integer/);
    assert.not.match((error as Error).message, /hunter2/);
  }
});

parse('a host with a port is rejected with a pointer to "port"; IPv6 brackets are notation', () => {
  const issues = issuesOf({ hosts: [{ name: 'a', host: '192.168.1.10:3493' }, { name: 'b', host: '[fe80::1]:3493' }, { name: 'c', host: 'nas:x' }] });
  assert.equal(issues, [
    { path: 'hosts[0].host', message: '"192.168.1.10:3493" includes a port: write "host": "192.168.1.10", "port": 3493' },
    { path: 'hosts[1].host', message: '"[fe80::1]:3493" includes a port: write "host": "fe80::1", "port": 3493' },
    { path: 'hosts[2].host', message: 'expected a host name or IP address (no spaces, no scheme or port), got the string "nas:x"' },
  ]);
  const config = parseConfig({ hosts: [{ name: 'v6', host: '[::1]' }, { name: 'plain', host: 'fe80::1%eth0' }] }, options);
  assert.equal(config.hosts.map((host) => host.host), ['::1', 'fe80::1%eth0']);
});

parse('tls: a mode as short form or an object; CA path against the config folder; off by default', () => {
  const tls = (value: unknown) => parseConfig({ hosts: [{ name: 'NAS', host: 'nas.lan', tls: value }] }, options).hosts[0]?.tls;
  assert.is(tls(undefined), undefined, 'off: nothing stored');
  assert.is(tls('off'), undefined);
  assert.equal(tls('require'), { mode: 'require' });
  assert.equal(tls('auto'), { mode: 'auto' });
  assert.equal(tls({ mode: 'require', ca: 'certs/ca.pem', servername: 'nas.lan' }), {
    mode: 'require',
    caFile: '/srv/upsview/certs/ca.pem',
    servername: 'nas.lan',
  });
});

parse('tls: every bad field is named', () => {
  const issues = issuesOf({
    hosts: [
      { name: 'a', host: 'h', tls: 'yes' },
      { name: 'b', host: 'h', tls: { mode: 'strict', ca: '', servername: 'a b', cert: 'x.pem' } },
      { name: 'c', host: 'h', tls: { ca: 'ca.pem' } },
      { name: 'd', host: 'h', tls: true },
    ],
  });
  assert.equal(
    issues.map((issue) => issue.path),
    ['hosts[0].tls', 'hosts[1].tls.cert', 'hosts[1].tls.mode', 'hosts[1].tls.ca', 'hosts[1].tls.servername', 'hosts[2].tls.mode', 'hosts[3].tls'],
  );
  assert.match(issues[0]?.message ?? '', /expected one of "off", "auto", "require" or an object, got the string "yes"/);
  assert.match(issues[5]?.message ?? '', /"ca" and "servername" would have no effect/);
});

parse.run();

const load = suiteWith<{ dir: string }>('loadConfig', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-config-'));
  },
  async after({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

load('resolves outDir against the config file folder', async ({ dir }) => {
  const file = path.join(dir, 'cfg.json');
  await writeFile(file, JSON.stringify({ ...minimal, outDir: 'site' }));
  assert.is((await loadConfig(file)).outDir, path.join(dir, 'site'));
});

load('names the file for a missing file and for malformed JSON', async ({ dir }) => {
  const missing = path.join(dir, 'missing.json');
  try {
    await loadConfig(missing);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.match((error as Error).message, new RegExp(`^${missing}: invalid config\\n  \\(file\\): file not found`));
  }
  const broken = path.join(dir, 'broken.json');
  await writeFile(broken, '{ "hosts": [ }');
  try {
    await loadConfig(broken);
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /broken\.json: invalid config\n {2}\(file\): not valid JSON/);
  }
});

load('accepts a file saved with a UTF-8 byte order mark', async ({ dir }) => {
  const file = path.join(dir, 'bom.json');
  await writeFile(file, `\uFEFF${JSON.stringify(minimal)}`, 'utf8');
  assert.is((await loadConfig(file)).hosts[0]?.name, 'NAS');
});

load('reads the tls CA file beside the config, and names the field when it cannot', async ({ dir }) => {
  const pem = (await createCertificates(dir, ['nas.lan'])).caPem;
  await writeFile(path.join(dir, 'ca.pem'), pem);
  await writeFile(path.join(dir, 'not-a-cert.pem'), 'hello');
  const file = path.join(dir, 'tls.json');
  const host = (name: string, ca: string) => ({ name, host: 'nas.lan', tls: { mode: 'require', ca } });
  await writeFile(file, JSON.stringify({ hosts: [host('good', 'ca.pem')] }));
  assert.equal((await loadConfig(file)).hosts[0]?.tls, { mode: 'require', caFile: path.join(dir, 'ca.pem'), ca: pem });
  await writeFile(file, JSON.stringify({ hosts: [host('good', 'ca.pem'), host('missing', 'nope.pem'), host('junk', 'not-a-cert.pem')] }));
  try {
    await loadConfig(file);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConfigError);
    const issues = (error as ConfigError).issues;
    assert.equal(issues.map((issue) => issue.path), ['hosts[1].tls.ca', 'hosts[2].tls.ca']);
    assert.match(issues[0]?.message ?? '', /nope\.pem: ENOENT/);
    assert.match(issues[1]?.message ?? '', /no PEM certificate/);
  }
});

load.run();
