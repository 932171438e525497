// Whether a host's replies came over TLS, as the poll reports it: under "auto" the only way to tell
// a upsd that offered TLS from one that did not; and a kept connection, or the one that replaces it
// after upsd restarts, is still TLS.

import * as assert from 'uvu/assert';
import type { HostConfig, TlsConfig } from '../src/config/types.ts';
import { createSessionPool, type SessionPool } from '../src/nut/pool.ts';
import { pollHost } from '../src/poll/poll-all.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createRecordingTransport } from './helpers/recording-transport.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const units = [{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 97\n' }];

const encrypted = suiteWith<{ secure: Upsd; plain: Upsd; ca: string }>('whether a host was read over TLS', {
  async before(context) {
    const [secure, plain] = await Promise.all([startUpsd(units, { tls: { names: ['127.0.0.1'] } }), startUpsd(units)]);
    context.secure = secure;
    context.plain = plain;
    context.ca = secure.tls?.caPem ?? '';
  },
  async after({ secure, plain }) {
    await Promise.all([secure?.stop(), plain?.stop()]);
  },
});

const hostOf = (server: Upsd, tls?: TlsConfig): HostConfig => ({ name: 'nas', host: server.host, port: server.port, ...(tls && { tls }) });

async function pollOnce(host: HostConfig) {
  const sessions = createSessionPool({ keep: false });
  try {
    return await pollHost(host, 3000, { sessions });
  } finally {
    await sessions.close();
  }
}

encrypted('"auto" says whether upsd offered TLS; "off" is clear', async ({ secure, plain, ca }) => {
  const upgraded = await pollOnce(hostOf(secure, { mode: 'auto', ca }));
  assert.is(upgraded.error, null, JSON.stringify(upgraded.error));
  assert.is(upgraded.encrypted, true);
  const clear = await pollOnce(hostOf(plain, { mode: 'auto' }));
  assert.is(clear.error, null, JSON.stringify(clear.error));
  assert.is(clear.encrypted, false, 'upsd without a certificate: read in clear');
  assert.is((await pollOnce(hostOf(secure))).encrypted, false);
});

encrypted('a host that could not be read says nothing about encryption', async ({ secure }) => {
  const failed = await pollOnce(hostOf(secure, { mode: 'require' }));
  assert.is(failed.error?.code, 'TLS-CERT-INVALID');
  assert.is(failed.encrypted, undefined);
});

encrypted('a kept connection stays TLS, and so does the one that replaces it after upsd restarts', async ({ secure, ca }) => {
  const recording = createRecordingTransport();
  const sessions: SessionPool = createSessionPool({ keep: true, deps: { transport: recording.transport, timers: systemClock } });
  const host = hostOf(secure, { mode: 'require', ca });
  try {
    const first = await pollHost(host, 3000, { sessions });
    const kept = await pollHost(host, 3000, { sessions });
    assert.equal([first.encrypted, kept.encrypted], [true, true]);
    assert.is(recording.connections.length, 1, 'the second cycle used the kept connection');
    await secure.stopServer();
    await secure.startServer();
    const replaced = await pollHost(host, 3000, { sessions });
    assert.is(replaced.error, null, JSON.stringify(replaced.error));
    assert.is(replaced.encrypted, true);
    const connection = recording.connections.at(-1) ?? [];
    assert.is(recording.connections.length, 2, 'one new connection');
    assert.is(connection[0], 'STARTTLS\n');
    assert.ok(connection.slice(1).every((write) => write.startsWith('[tls] ')), JSON.stringify(connection));
  } finally {
    await sessions.close();
  }
});

encrypted.run();
