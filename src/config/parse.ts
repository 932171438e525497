// Config: one documented defaults object, a pure parser that names every bad field at once, and
// a loader that is the only part touching the file system.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import cron from 'node-cron';
import { ConfigError } from '../shared/errors.ts';
import {
  IssueList,
  describeValue,
  isPlainObject,
  readAsciiString,
  readInteger,
  readString,
  rejectUnknownKeys,
  type Fields,
} from './fields.ts';
import { parseTls, readCaFiles, type TlsConfig } from './tls.ts';

export interface HostConfig {
  /** Shown on the page and used as the host's key; unique. */
  name: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** When set, only these UPSes are shown (names as in upsd's ups.conf). */
  ups?: string[];
  /** STARTTLS to this upsd; absent means off. */
  tls?: TlsConfig;
}

export interface Config {
  title: string;
  /** node-cron expression; a sixth, leading field gives seconds. */
  schedule: string;
  /** Absolute path, resolved against the config file's folder. */
  outDir: string;
  /** Budget for one host's whole poll: connect plus all replies. */
  timeoutMs: number;
  /** `<meta http-equiv="refresh">` interval; 0 turns it off; null follows the schedule. */
  refreshSeconds: number | null;
  hosts: HostConfig[];
}

export const DEFAULTS = {
  title: 'UPS status',
  schedule: '*/30 * * * * *',
  outDir: 'out',
  timeoutMs: 5000,
  refreshSeconds: null,
  port: 3493,
} as const;

const TOP_KEYS = ['title', 'schedule', 'outDir', 'timeoutMs', 'refreshSeconds', 'hosts'] as const;
const HOST_KEYS = ['name', 'host', 'port', 'username', 'password', 'ups', 'tls'] as const;
const HOST_NAME = /^[A-Za-z0-9.:_%-]+$/;

function parseHost(raw: unknown, path: string, issues: IssueList, baseDir: string): HostConfig | undefined {
  if (!isPlainObject(raw)) {
    issues.add(path, `expected an object, got ${describeValue(raw)}`);
    return undefined;
  }
  rejectUnknownKeys(raw, HOST_KEYS, path, issues);
  const at = `${path}.`;
  const name = readString(raw, 'name', at, issues);
  const host = readString(raw, 'host', at, issues, {
    pattern: HOST_NAME,
    expected: 'a host name or IP address (no spaces, no scheme or port)',
  });
  const port = readInteger(raw, 'port', at, issues, 1, 65535) ?? DEFAULTS.port;
  const username = readAsciiString(raw, 'username', at, issues);
  const password = readAsciiString(raw, 'password', at, issues, true);
  const ups = parseUpsList(raw, at, issues);
  const tls = parseTls(raw.tls, `${at}tls`, issues, baseDir);
  if (name === undefined && raw.name === undefined) issues.add(`${at}name`, 'required');
  if (host === undefined && raw.host === undefined) issues.add(`${at}host`, 'required');
  if ((raw.username === undefined) !== (raw.password === undefined)) {
    const missing = raw.username === undefined ? 'username' : 'password';
    issues.add(`${at}${missing}`, `required when ${missing === 'username' ? 'password' : 'username'} is set`);
  }
  if (name === undefined || host === undefined) return undefined;
  return {
    name,
    host,
    port,
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    ...(ups !== undefined && { ups }),
    ...(tls.mode !== 'off' && { tls }),
  };
}

function parseUpsList(raw: Fields, at: string, issues: IssueList): string[] | undefined {
  const value = raw.ups;
  if (value === undefined) return undefined;
  const valid =
    Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && /^[A-Za-z0-9._:@/+-]+$/.test(v));
  if (!valid) {
    issues.add(`${at}ups`, `expected a non-empty array of UPS names as in upsd's ups.conf, got ${describeValue(value)}`);
    return undefined;
  }
  return [...new Set(value as string[])];
}

/** Pure: validates unknown JSON into a Config, or throws a ConfigError listing every problem. */
export function parseConfig(raw: unknown, options: { baseDir: string; source: string }): Config {
  const issues = new IssueList();
  if (!isPlainObject(raw)) {
    issues.add('(root)', `expected an object, got ${describeValue(raw)}`);
    throw new ConfigError(issues.issues, options.source);
  }
  rejectUnknownKeys(raw, TOP_KEYS, '', issues);
  const title = readString(raw, 'title', '', issues) ?? DEFAULTS.title;
  const schedule = readString(raw, 'schedule', '', issues) ?? DEFAULTS.schedule;
  if (typeof raw.schedule === 'string' && !cron.validate(schedule)) {
    issues.add('schedule', `expected a cron expression such as "*/30 * * * * *", got ${describeValue(schedule)}`);
  }
  const outDir = readString(raw, 'outDir', '', issues) ?? DEFAULTS.outDir;
  const timeoutMs = readInteger(raw, 'timeoutMs', '', issues, 100, 600_000) ?? DEFAULTS.timeoutMs;
  const refreshSeconds =
    raw.refreshSeconds === null ? null : (readInteger(raw, 'refreshSeconds', '', issues, 0, 86_400) ?? DEFAULTS.refreshSeconds);

  const hosts: HostConfig[] = [];
  if (!Array.isArray(raw.hosts) || raw.hosts.length === 0) {
    issues.add('hosts', `expected a non-empty array of hosts, got ${describeValue(raw.hosts)}`);
  } else {
    const seen = new Map<string, number>();
    raw.hosts.forEach((entry, index) => {
      const host = parseHost(entry, `hosts[${index}]`, issues, options.baseDir);
      if (!host) return;
      const first = seen.get(host.name.toLowerCase());
      if (first !== undefined) issues.add(`hosts[${index}].name`, `"${host.name}" repeats hosts[${first}].name (names must be unique, ignoring case)`);
      else seen.set(host.name.toLowerCase(), index);
      hosts.push(host);
    });
  }

  if (issues.issues.length > 0) throw new ConfigError(issues.issues, options.source);
  return { title, schedule, outDir: path.resolve(options.baseDir, outDir), timeoutMs, refreshSeconds, hosts };
}

/** Reads and parses a config file; every failure is a ConfigError naming the file. */
export async function loadConfig(file: string): Promise<Config> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot be read';
    throw new ConfigError([{ path: '(file)', message: `${reason} (${(error as Error).message})` }], absolute);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }], absolute);
  }
  const config = parseConfig(raw, { baseDir: path.dirname(absolute), source: absolute });
  const issues = new IssueList();
  await readCaFiles(config.hosts, issues);
  if (issues.issues.length > 0) throw new ConfigError(issues.issues, absolute);
  return config;
}
