// Pure: validates unknown JSON into a Config, naming every bad field at once.

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
import { cronIntervalSeconds } from './cadence.ts';
import { readHostField } from './host-field.ts';
import { parseHooks, parseMetrics } from './integrations.ts';
import { parseTls } from './tls.ts';
import { DEFAULTS, type Config, type HostConfig } from './types.ts';

// `$schema` lets editors complete and check the file against schemas/config.schema.json.
const TOP_KEYS = ['$schema', 'title', 'schedule', 'outDir', 'dataDir', 'timeoutMs', 'refreshSeconds', 'hosts', 'metrics', 'hooks'] as const;
const HOST_KEYS = ['name', 'host', 'port', 'username', 'password', 'ups', 'tls'] as const;

function parseHost(raw: unknown, path: string, issues: IssueList, baseDir: string): HostConfig | undefined {
  if (!isPlainObject(raw)) {
    issues.add(path, `expected an object, got ${describeValue(raw)}`);
    return undefined;
  }
  rejectUnknownKeys(raw, HOST_KEYS, path, issues);
  const at = `${path}.`;
  const name = readString(raw, 'name', at, issues);
  const host = readHostField(raw, at, issues);
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
  // upsd matches UPS names ignoring case (reference §1): "ups1" and "UPS1" are one UPS, read once.
  const byName = new Map<string, string>();
  for (const name of value as string[]) if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), name);
  return [...byName.values()];
}

/** The schedule's interval, or undefined (with an issue) when it is not a cron expression or never runs. */
function scheduleInterval(raw: Fields, schedule: string, issues: IssueList): number | undefined {
  if (typeof raw.schedule === 'string' && !cron.validate(schedule)) {
    issues.add('schedule', `expected a cron expression such as "*/30 * * * * *", got ${describeValue(schedule)}`);
    return undefined;
  }
  try {
    return cronIntervalSeconds(schedule);
  } catch {
    // node-cron takes day tokens it cannot place in any month ("31W" in April, "30W" in February);
    // the search for a run then gives up, which would stop the job at start or fail a reload
    // without naming the field.
    issues.add('schedule', `${JSON.stringify(schedule)} never runs: no day matches it`);
    return undefined;
  }
}

/** An open page renews itself at least once a day. */
const MAX_REFRESH_SECONDS = 86_400;

/** Whether `dir` is `parent` itself or somewhere below it. */
function isInside(dir: string, parent: string): boolean {
  const relative = path.relative(parent, dir);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
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
  const intervalSeconds = scheduleInterval(raw, schedule, issues);
  const outDir = path.resolve(options.baseDir, readString(raw, 'outDir', '', issues) ?? DEFAULTS.outDir);
  const dataDir = path.resolve(options.baseDir, readString(raw, 'dataDir', '', issues) ?? DEFAULTS.dataDir);
  // The web folder may be wiped, synced or public (issue 8): history never lives there.
  if (isInside(dataDir, outDir)) issues.add('dataDir', `must not be inside outDir (${outDir}), got ${describeValue(dataDir)}`);
  const timeoutMs = readInteger(raw, 'timeoutMs', '', issues, 100, 600_000) ?? DEFAULTS.timeoutMs;
  const refreshSeconds =
    raw.refreshSeconds === null ? null : (readInteger(raw, 'refreshSeconds', '', issues, 0, MAX_REFRESH_SECONDS) ?? DEFAULTS.refreshSeconds);

  if (raw.$schema !== undefined && typeof raw.$schema !== 'string') issues.add('$schema', `expected a string, got ${describeValue(raw.$schema)}`);
  const metrics = parseMetrics(raw, options.baseDir, issues);
  const hooks = parseHooks(raw, issues, options.baseDir);

  const hosts: HostConfig[] = [];
  if (raw.hosts === undefined) {
    issues.add('hosts', 'required: a non-empty array of hosts, such as [{ "name": "NAS", "host": "192.168.1.10" }]');
  } else if (!Array.isArray(raw.hosts) || raw.hosts.length === 0) {
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

  if (issues.issues.length > 0 || intervalSeconds === undefined) throw new ConfigError(issues.issues, options.source);
  return {
    title,
    schedule,
    intervalSeconds,
    outDir,
    dataDir,
    timeoutMs,
    // A monthly schedule's interval (2,678,400 s) is past what a browser's setTimeout can wait: it fired at once, every time.
    refreshSeconds: refreshSeconds ?? Math.min(intervalSeconds, MAX_REFRESH_SECONDS),
    hosts,
    metrics,
    hooks,
  };
}
