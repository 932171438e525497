// Certificates for a TLS-speaking upsd. Debian's NUT 2.8.0 is built with Mozilla NSS, so upsd takes
// its certificate from an NSS database (upsd.conf CERTPATH and CERTIDENT), made here with certutil
// from libnss3-tools: a CA of our own and a server certificate it signs. The CA is exported as PEM
// for node's tls.connect({ ca }).

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePackage } from './prerequisite.ts';

const CERTUTIL = '/usr/bin/certutil';

export interface Certificates {
  /** NSS database folder, for CERTPATH. */
  dbDir: string;
  /** Nickname of the server certificate and the database password, for CERTIDENT. */
  nickname: string;
  password: string;
  /** The signing CA as PEM, in a file and as text. */
  caFile: string;
  caPem: string;
}

/** A CA and a server certificate for `names` (DNS names; IP addresses get an IP entry). */
export async function createCertificates(dir: string, names: readonly string[]): Promise<Certificates> {
  ensurePackage({ name: 'libnss3-tools', what: "NSS's certutil", files: [CERTUTIL] });
  const dbDir = path.join(dir, 'nss');
  await mkdir(dbDir, { recursive: true });
  const password = 'upsview-test';
  const passwordFile = path.join(dir, 'nss-password');
  const noise = path.join(dir, 'nss-noise');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await writeFile(noise, randomBytes(2048));
  const certutil = (args: string[], input?: string) =>
    execFileSync(CERTUTIL, ['-d', `sql:${dbDir}`, ...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });
  const key = ['-f', passwordFile, '-z', noise, '-k', 'ec', '-q', 'secp256r1', '-Z', 'SHA256', '-v', '12'];
  certutil(['-N', '-f', passwordFile]);
  // -2 asks three questions: a CA? (y), path length (none), critical (y).
  certutil(['-S', ...key, '-n', 'ca', '-s', 'CN=upsview test CA', '-x', '-t', 'CT,C,C', '-m', String(Date.now() % 1e9), '-2'], 'y\n-1\ny\n');
  const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `ip:${name}` : `dns:${name}`)).join(',');
  certutil(['-S', ...key, '-n', 'upsd', '-s', `CN=${names[0] ?? 'upsd'}`, '-c', 'ca', '-t', 'u,u,u', '-m', String((Date.now() % 1e9) + 1), '--extSAN', san]);
  const caPem = certutil(['-L', '-n', 'ca', '-a']).toString();
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, caPem);
  return { dbDir, nickname: 'upsd', password, caFile, caPem };
}
