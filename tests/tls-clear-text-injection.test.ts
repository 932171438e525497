// Someone on the path between upsview and a TLS-speaking upsd (a relay here, in front of a real
// upsd) adds text in clear right behind upsd's OK STARTTLS. Nothing of it may be read as if upsd
// had said it over TLS: the host fails as a TLS failure, and no credential or request is sent.

import { once } from 'node:events';
import net from 'node:net';
import * as assert from 'uvu/assert';
import type { HostConfig } from '../src/config/types.ts';
import { createSessionPool } from '../src/nut/pool.ts';
import { pollHost } from '../src/poll/poll-all.ts';
import { systemClock } from '../src/shared/clock.ts';
import { startFakeServer } from './helpers/fake-server.ts';
import { createRecordingTransport } from './helpers/recording-transport.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Relay {
  port: number;
  close(): Promise<void>;
}

/** Passes bytes both ways between the client and upsd, adding `added` behind upsd's OK STARTTLS. */
async function startRelay(upsd: Upsd, added: string): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upsd.port, upsd.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy()); // either side may hang up first
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    let upgraded = false;
    upstream.on('data', (chunk: Buffer) => {
      if (!upgraded && chunk.toString('latin1').startsWith('OK STARTTLS\n')) {
        upgraded = true;
        client.write(Buffer.concat([chunk, Buffer.from(added, 'latin1')]));
      } else {
        client.write(chunk);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

const injection = suiteWith<{ upsd: Upsd; ca: string }>('text in clear behind OK STARTTLS', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 97\n' }], { tls: { names: ['127.0.0.1'] } });
    context.ca = context.upsd.tls?.caPem ?? '';
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

async function pollThrough(upsd: Upsd, ca: string, added: string, mode: 'auto' | 'require') {
  const relay = await startRelay(upsd, added);
  const recording = createRecordingTransport();
  const sessions = createSessionPool({ keep: false, deps: { transport: recording.transport, timers: systemClock } });
  const host: HostConfig = { name: 'nas', host: '127.0.0.1', port: relay.port, username: 'monuser', password: 'secret', tls: { mode, ca } };
  try {
    const result = await pollHost(host, 3000, { sessions });
    return { result, writes: recording.connections.flat() };
  } finally {
    await sessions.close();
    await relay.close();
  }
}

injection('the relay itself passes upsd through unchanged', async ({ upsd, ca }) => {
  const { result } = await pollThrough(upsd, ca, '', 'require');
  assert.is(result.error, null, JSON.stringify(result.error));
  assert.is(result.ups[0]?.vars?.['battery.charge'], '97');
});

for (const mode of ['require', 'auto'] as const) {
  injection(`"${mode}": an unfinished line in clear is not taken as the start of upsd's first reply`, async ({ upsd, ca }) => {
    // Joined to the first line upsd sends over TLS ("OK", its answer to USERNAME), it would read as a refusal.
    const { result, writes } = await pollThrough(upsd, ca, 'ERR ACCESS-DENIED ', mode);
    assert.is(result.error?.code, 'TLS-HANDSHAKE-FAILED', JSON.stringify(result.error));
    assert.match(result.error?.message ?? '', /in clear after OK STARTTLS/);
    assert.equal(writes, ['STARTTLS\n'], 'no credentials and no request sent');
  });
}

injection('a whole line in clear fails the host too, and nothing more is sent', async ({ upsd, ca }) => {
  const { result, writes } = await pollThrough(upsd, ca, 'VAR ups1 battery.charge "5"\n', 'require');
  assert.ok(result.error, 'the host fails');
  assert.equal(result.ups, []);
  assert.equal(writes, ['STARTTLS\n']);
});

injection('a server that says OK STARTTLS and goes on in clear fails the handshake, in words', async () => {
  // Not upsd: what follows its OK answers the handshake's first bytes as if they were a request.
  const fake = await startFakeServer({ script: (request, conn) => (request === 'STARTTLS' ? conn.write('OK STARTTLS\n') : conn.standard(request)) });
  const recording = createRecordingTransport();
  const sessions = createSessionPool({ keep: false, deps: { transport: recording.transport, timers: systemClock } });
  try {
    const result = await pollHost({ name: 'nas', host: fake.host, port: fake.port, username: 'monuser', password: 'secret', tls: { mode: 'auto' } }, 3000, {
      sessions,
    });
    assert.is(result.error?.code, 'TLS-HANDSHAKE-FAILED');
    assert.match(result.error?.message ?? '', /wrong version number/);
    assert.equal(recording.connections.flat(), ['STARTTLS\n']);
  } finally {
    await sessions.close();
    await fake.close();
  }
});

injection.run();
