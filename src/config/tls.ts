// The per-host "tls" setting: `"off" | "auto" | "require"`, or the long form
// `{ "mode": …, "ca": "file.pem", "servername": "nas.lan" }`. Pure parsing here; the CA file is
// read by loadConfig (load.ts), so a missing or unreadable file is a config error named at start and by --check.

import path from 'node:path';
import { IssueList, describeValue, isPlainObject, readString, rejectUnknownKeys } from './fields.ts';
import { TLS_MODES, type TlsConfig, type TlsMode } from './types.ts';

export const TLS_OFF: TlsConfig = { mode: 'off' };
const TLS_KEYS = ['mode', 'ca', 'servername'] as const;
const isMode = (value: unknown): value is TlsMode => TLS_MODES.some((mode) => mode === value);
const EXPECTED_MODE = `one of "off", "auto", "require"`;

export function parseTls(raw: unknown, at: string, issues: IssueList, baseDir: string): TlsConfig {
  if (raw === undefined) return TLS_OFF;
  if (typeof raw === 'string') {
    if (isMode(raw)) return { mode: raw };
    issues.add(at, `expected ${EXPECTED_MODE} or an object, got ${describeValue(raw)}`);
    return TLS_OFF;
  }
  if (!isPlainObject(raw)) {
    issues.add(at, `expected ${EXPECTED_MODE} or an object, got ${describeValue(raw)}`);
    return TLS_OFF;
  }
  rejectUnknownKeys(raw, TLS_KEYS, at, issues);
  const mode = raw.mode === undefined ? 'off' : isMode(raw.mode) ? raw.mode : undefined;
  if (mode === undefined) issues.add(`${at}.mode`, `expected ${EXPECTED_MODE}, got ${describeValue(raw.mode)}`);
  const ca = readString(raw, 'ca', `${at}.`, issues, { expected: 'the path of a PEM file' });
  const servername = readString(raw, 'servername', `${at}.`, issues, {
    pattern: /^[A-Za-z0-9.:_-]+$/,
    expected: 'a host name as written in the certificate',
  });
  if (mode === 'off' && (ca !== undefined || servername !== undefined)) {
    issues.add(`${at}.mode`, 'is "off" (the default), so "ca" and "servername" would have no effect: set "auto" or "require"');
  }
  return {
    mode: mode ?? 'off',
    ...(ca !== undefined && { caFile: path.resolve(baseDir, ca) }),
    ...(servername !== undefined && { servername }),
  };
}
