// A "servername" that is an IP address: the address a certificate was made for, reached under
// another one (a tunnel, a port forward). The certificate is checked against it, and nothing but
// the job's own JSON lines reaches stderr (node warns when an IP address is sent as SNI).

import * as assert from 'uvu/assert';
import type { HostConfig } from '../src/config/types.ts';
import { createSessionPool } from '../src/nut/pool.ts';
import { pollHost } from '../src/poll/poll-all.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const servername = suiteWith<{ upsd: Upsd; ca: string }>('STARTTLS with an IP address as servername', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 97\n' }], { tls: { names: ['nas.lan', '127.0.0.1'] } });
    context.ca = context.upsd.tls?.caPem ?? '';
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

async function poll(upsd: Upsd, ca: string, name: string) {
  // Kept, so that closing the pool waits until upsd has closed the connection too.
  const sessions = createSessionPool({ keep: true });
  // Reached as "localhost": only the servername can match the certificate.
  const host: HostConfig = { name: 'nas', host: 'localhost', port: upsd.port, tls: { mode: 'require', ca, servername: name } };
  try {
    return await pollHost(host, 3000, { sessions });
  } finally {
    await sessions.close();
  }
}

servername('the certificate is checked against the address, and node prints no warning', async ({ upsd, ca }) => {
  const warnings: string[] = [];
  // Deprecations only: the test runner's own colour settings bring a warning of their own.
  const record = (warning: Error) => warning.name === 'DeprecationWarning' && warnings.push(warning.message);
  process.on('warning', record);
  try {
    const result = await poll(upsd, ca, '127.0.0.1');
    assert.is(result.error, null, JSON.stringify(result.error));
    assert.is(result.ups[0]?.vars?.['battery.charge'], '97');
    const other = await poll(upsd, ca, '127.0.0.2');
    assert.is(other.error?.code, 'TLS-NAME-MISMATCH', 'an address the certificate is not for is refused');
    assert.match(other.error?.message ?? '', /127\.0\.0\.2/);
    // process.emitWarning reports on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(warnings, [], "no warning of node's among the job's own lines on stderr");
  } finally {
    process.off('warning', record);
  }
});

servername('a DNS name is still sent as SNI and checked', async ({ upsd, ca }) => {
  const result = await poll(upsd, ca, 'nas.lan');
  assert.is(result.error, null, JSON.stringify(result.error));
  const other = await poll(upsd, ca, 'other.lan');
  assert.is(other.error?.code, 'TLS-NAME-MISMATCH');
});

servername.run();
