// STARTTLS against a real upsd that has a certificate (Debian's NUT is built with NSS; see
// helpers/nss-certs.ts) and one that has none. What is asserted: what went over the wire in clear,
// and the error code and words a user sees for each way TLS can fail.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HostConfig, TlsConfig } from '../src/config/types.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createSessionPool } from '../src/nut/pool.ts';
import { pollHost, type HostPoll } from '../src/poll/poll-all.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { runCli } from './helpers/cli.ts';
import { pageText } from './helpers/cycle.ts';
import { createCertificates } from './helpers/nss-certs.ts';
import { createRecordingTransport } from './helpers/recording-transport.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  secure: Upsd;
  plain: Upsd;
  ca: string;
  strangerCa: string;
  dir: string;
}

const tls = suite<Context>('STARTTLS to upsd');

tls.before(async (context) => {
  const units = [{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 97\n' }];
  context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-tls-'));
  const [secure, plain, stranger] = await Promise.all([
    startUpsd(units, { tls: { names: ['upsd.test', '127.0.0.1'] } }),
    startUpsd(units),
    createCertificates(context.dir, ['stranger.test']),
  ]);
  context.secure = secure;
  context.plain = plain;
  context.ca = secure.tls?.caPem ?? '';
  context.strangerCa = stranger.caPem;
});

tls.after(async (context) => {
  await Promise.all([context.secure?.stop(), context.plain?.stop()]);
  await rm(context.dir, { recursive: true, force: true });
});

async function poll(server: Upsd, tlsConfig: TlsConfig, extra: Partial<HostConfig> = {}): Promise<{ result: HostPoll; writes: string[] }> {
  const recording = createRecordingTransport();
  const sessions = createSessionPool({ keep: false, deps: { transport: recording.transport, timers: systemClock } });
  const host: HostConfig = { name: 'nas', host: server.host, port: server.port, tls: tlsConfig, ...extra };
  const result = await pollHost(host, 3000, { sessions }, new Map([['ups.status', null], ['battery.charge', null]]), {
    listed: ['ups1'],
    ups: [],
  });
  await sessions.close();
  return { result, writes: recording.connections.flat() };
}

const credentials = { username: 'monuser', password: 'secret' };

tls('"require" with the CA: everything after STARTTLS, credentials included, goes over TLS', async ({ secure, ca }) => {
  const { result, writes } = await poll(secure, { mode: 'require', ca }, credentials);
  assert.is(result.error, null, JSON.stringify(result.error));
  assert.is(result.ups[0]?.vars?.['battery.charge'], '97');
  assert.is(writes[0], 'STARTTLS\n');
  assert.ok(writes.slice(1).every((write) => write.startsWith('[tls] ')), JSON.stringify(writes));
  assert.match(writes[1] ?? '', /^\[tls\] USERNAME "monuser"\nPASSWORD "secret"\nLIST UPS\n/);
});

tls('"require" against a upsd without a certificate fails as TLS-UNAVAILABLE and sends nothing else', async ({ plain }) => {
  const { result, writes } = await poll(plain, { mode: 'require' }, credentials);
  assert.is(result.error?.code, 'TLS-UNAVAILABLE');
  assert.match(result.error?.message ?? '', /ERR FEATURE-NOT-CONFIGURED/);
  assert.equal(writes, ['STARTTLS\n'], 'no credentials, no request, not even LOGOUT in clear');
});

tls('"auto" upgrades when upsd offers TLS and goes on in clear when it does not', async ({ secure, plain, ca }) => {
  const upgraded = await poll(secure, { mode: 'auto', ca });
  assert.is(upgraded.result.error, null);
  assert.match(upgraded.writes[1] ?? '', /^\[tls\] LIST UPS\n/);
  const clear = await poll(plain, { mode: 'auto' });
  assert.is(clear.result.error, null);
  assert.is(clear.result.ups[0]?.vars?.['battery.charge'], '97');
  assert.match(clear.writes[1] ?? '', /^LIST UPS\n/);
});

tls('certificates are verified: wrong CA, no CA and wrong name each give their own code', async ({ secure, ca, strangerCa }) => {
  const wrongCa = await poll(secure, { mode: 'require', ca: strangerCa });
  assert.is(wrongCa.result.error?.code, 'TLS-CERT-INVALID');
  const systemCas = await poll(secure, { mode: 'auto' });
  assert.is(systemCas.result.error?.code, 'TLS-CERT-INVALID', '"auto" does not fall back to clear on a bad certificate');
  const wrongName = await poll(secure, { mode: 'require', ca, servername: 'nas.other.test' });
  assert.is(wrongName.result.error?.code, 'TLS-NAME-MISMATCH');
  assert.match(wrongName.result.error?.message ?? '', /nas\.other\.test/);
  const rightName = await poll(secure, { mode: 'require', ca, servername: 'upsd.test' });
  assert.is(rightName.result.error, null);
  for (const failed of [wrongCa, systemCas, wrongName]) {
    assert.not.ok(failed.writes.slice(1).some((write) => write.includes('LIST')), 'nothing requested in clear');
  }
});

tls('the CLI reads "ca" beside the config; status.json and the page name each TLS failure and say which host was read over TLS', async ({ secure, plain, ca, dir }) => {
  await writeFile(path.join(dir, 'upsd-ca.pem'), ca);
  const at = (server: Upsd) => ({ host: server.host, port: server.port });
  const config = path.join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      outDir: 'out',
      timeoutMs: 3000,
      hosts: [
        { name: 'secure', ...at(secure), tls: { mode: 'require', ca: 'upsd-ca.pem' } },
        { name: 'plain', ...at(plain), tls: 'require' },
        { name: 'misnamed', ...at(secure), tls: { mode: 'require', ca: 'upsd-ca.pem', servername: 'elsewhere.test' } },
        { name: 'clear', ...at(plain), tls: 'auto' },
      ],
    }),
  );
  const run = await runCli(['--config', config, '--once']);
  assert.is(run.code, 0, run.stderr);
  const status = JSON.parse(await readFile(path.join(dir, 'out', 'status.json'), 'utf8')) as Snapshot;
  assert.equal(status.hosts.map((host) => host.error?.code ?? 'ok'), ['ok', 'TLS-UNAVAILABLE', 'TLS-NAME-MISMATCH', 'ok']);
  // Under "auto" the one sign of whether upsd offered TLS; unknown for a host not read.
  assert.equal(status.hosts.map((host) => host.encrypted), [true, null, null, false]);
  const text = pageText(await readFile(path.join(dir, 'out', 'index.html'), 'utf8'));
  assert.ok(text.includes(`secure ${secure.host}:${secure.port}, over TLS`), text.slice(0, 400));
  assert.ok(!text.includes(`clear ${plain.host}:${plain.port}, over TLS`), 'a host read in clear is not said to be over TLS');
  assert.ok(text.includes('upsd does not offer TLS, and this host requires it'), text.slice(0, 400));
  assert.ok(text.includes("upsd's certificate is for another name"), text.slice(0, 400));
});

tls.run();
