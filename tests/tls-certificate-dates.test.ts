// upsd's certificate out of its dates: one that has expired, one not valid yet. Both fail the host
// (also under "auto": never a fall back to clear), and the message says which, not "not trusted".

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import type { HostConfig } from '../src/config/types.ts';
import { createSessionPool } from '../src/nut/pool.ts';
import { pollHost } from '../src/poll/poll-all.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const dates = suiteWith<{ upsd: Upsd; ca: string }>("upsd's certificate out of its dates", {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\n' }], { tls: { names: ['127.0.0.1'] } });
    context.ca = context.upsd.tls?.caPem ?? '';
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

/** Gives upsd a new server certificate, from the same CA, valid for a year from `monthsFromNow`. */
async function reissue(upsd: Upsd, monthsFromNow: number): Promise<void> {
  const tls = upsd.tls;
  if (!tls) throw new Error('upsd has no certificate');
  const passwordFile = path.join(upsd.dir, 'reissue-password');
  const noise = path.join(upsd.dir, 'reissue-noise');
  await writeFile(passwordFile, `${tls.password}\n`, { mode: 0o600 });
  await writeFile(noise, randomBytes(2048));
  const certutil = (args: string[]) => execFileSync('/usr/bin/certutil', ['-d', `sql:${tls.dbDir}`, ...args], { stdio: 'pipe' });
  await upsd.stopServer();
  certutil(['-D', '-n', tls.nickname]);
  const serial = String(Math.floor(Math.random() * 1e9));
  const key = ['-f', passwordFile, '-z', noise, '-k', 'ec', '-q', 'secp256r1', '-Z', 'SHA256'];
  // -w: months from now the certificate starts; -v: months it lasts.
  const validity = ['-w', String(monthsFromNow), '-v', '12'];
  certutil(['-S', ...key, ...validity, '-n', tls.nickname, '-s', 'CN=127.0.0.1', '-c', 'ca', '-t', 'u,u,u', '-m', serial, '--extSAN', 'ip:127.0.0.1']);
  await upsd.startServer();
}

async function poll(upsd: Upsd, ca: string, mode: 'auto' | 'require') {
  const sessions = createSessionPool({ keep: false });
  const host: HostConfig = { name: 'nas', host: upsd.host, port: upsd.port, tls: { mode, ca } };
  try {
    return await pollHost(host, 3000, { sessions });
  } finally {
    await sessions.close();
  }
}

dates('an expired certificate is said to have expired', async ({ upsd, ca }) => {
  await reissue(upsd, -24);
  for (const mode of ['auto', 'require'] as const) {
    const result = await poll(upsd, ca, mode);
    assert.is(result.error?.code, 'TLS-CERT-INVALID', mode);
    assert.match(result.error?.message ?? '', /the certificate has expired \(CERT_HAS_EXPIRED\)/);
    assert.equal(result.ups, [], `${mode}: nothing read`);
  }
});

dates('a certificate not valid yet points at the clock too', async ({ upsd, ca }) => {
  await reissue(upsd, 6);
  const result = await poll(upsd, ca, 'auto');
  assert.is(result.error?.code, 'TLS-CERT-INVALID');
  assert.match(result.error?.message ?? '', /not valid yet \(or this machine's clock is behind\)/);
});

dates.run();
