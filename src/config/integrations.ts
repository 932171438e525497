// Pure: the `metrics` and `hooks` sections of the config (README "Config"). Webhook URLs and
// header values may hold tokens: a rejected one is described, never repeated.

import path from 'node:path';
import { IssueList, describeValue, isPlainObject, readInteger, readString, rejectUnknownKeys, type Fields } from './fields.ts';
import { DEFAULTS, type HooksConfig, type MetricsConfig, type WebhookConfig, type WebhookFormat } from './types.ts';
import { decodedTopic, ntfyTopicSegment } from './ntfy-topic.ts';

const METRICS_KEYS = ['textfileDir'] as const;
const HOOKS_KEYS = ['command', 'webhooks', 'timeoutMs', 'retries'] as const;
const WEBHOOK_KEYS = ['url', 'format', 'headers'] as const;
const FORMATS: readonly WebhookFormat[] = ['json', 'ntfy', 'home-assistant'];
/** RFC 9110 token characters: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * What node:http sends in a header value (tab, printable ASCII, Latin-1; its `checkInvalidHeaderChar`).
 * Anything else (a "€", a line break) passed `--check` and then failed every delivery.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * A value that may hold a secret, described without it: a webhook URL written as a plain string, or
 * a command line with a token in it, would otherwise be printed by `--check` and logged by a reload.
 */
function withheld(value: unknown): string {
  return typeof value === 'string' ? 'a string (the value is not shown)' : describeValue(value);
}

/** A header name that is not one: often a whole "Name: value" line, so only the part before the bad character is named. */
function badHeaderName(name: string): string {
  if (name === '') return 'a header name is empty';
  const bad = [...name].findIndex((char) => !HEADER_NAME.test(char));
  const named = bad > 0 ? `the header name starting ${JSON.stringify(name.slice(0, bad))}` : 'a header name';
  return `${named} holds ${JSON.stringify(name[bad])}, which a name cannot (the rest is not shown)`;
}

/** The section as an object, or undefined (absent, or reported as not an object). */
function section(raw: Fields, key: string, issues: IssueList): Fields | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (isPlainObject(value)) return value;
  issues.add(key, `expected an object, got ${describeValue(value)}`);
  return undefined;
}

export function parseMetrics(raw: Fields, baseDir: string, issues: IssueList): MetricsConfig {
  const metrics = section(raw, 'metrics', issues);
  if (!metrics) return { ...DEFAULTS.metrics };
  rejectUnknownKeys(metrics, METRICS_KEYS, 'metrics', issues);
  const dir = readString(metrics, 'textfileDir', 'metrics.', issues);
  return { textfileDir: dir === undefined ? null : path.resolve(baseDir, dir) };
}

function parseUrl(hook: Fields, at: string, issues: IssueList): string | undefined {
  const url = readString(hook, 'url', at, issues, { expected: 'an http or https URL', secret: true });
  if (url === undefined) {
    if (hook.url === undefined) issues.add(`${at}url`, 'required');
    return undefined;
  }
  // The URL as written, "http://" or "https://" and no whitespace or backslash, as the schema says: a
  // URL parser would quietly read "http:/host", " http://host" or "https://host\topic" (a paste gone
  // wrong) as something else.
  if (!/^https?:\/\/[^\s\\]+$/i.test(url) || !URL.canParse(url)) {
    issues.add(`${at}url`, 'expected an http or https URL (the value is not shown)');
    return undefined;
  }
  return url;
}

function parseHeaders(hook: Fields, at: string, issues: IssueList): Record<string, string> {
  const raw = hook.headers;
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    issues.add(`${at}headers`, `expected an object of header names to values, got ${withheld(raw)}`);
    return {};
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name)) issues.add(`${at}headers`, badHeaderName(name));
    // Control characters would split the request; Node refuses them, and characters beyond
    // Latin-1 too, but only when a hook is sent, long after `--check` said the config was good.
    else if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      issues.add(`${at}headers.${name}`, 'expected a one-line string of printable ASCII or Latin-1 characters (the value is not shown)');
    } else headers[name] = value;
  }
  return headers;
}

function parseWebhook(raw: unknown, at: string, issues: IssueList): WebhookConfig | undefined {
  if (!isPlainObject(raw)) {
    issues.add(at, `expected an object such as {"url": "…"}, got ${withheld(raw)}`);
    return undefined;
  }
  rejectUnknownKeys(raw, WEBHOOK_KEYS, at, issues);
  const url = parseUrl(raw, `${at}.`, issues);
  // Only an absent format takes the default: a null is a wrong value, as it is everywhere else.
  const format = raw.format === undefined ? DEFAULTS.webhookFormat : raw.format;
  if (!FORMATS.includes(format as WebhookFormat)) {
    issues.add(`${at}.format`, `expected one of ${FORMATS.map((name) => `"${name}"`).join(', ')}, got ${describeValue(format)}`);
  }
  const headers = parseHeaders(raw, `${at}.`, issues);
  const topic = url === undefined || format !== 'ntfy' ? null : ntfyTopicSegment(new URL(url));
  // Refused here, not guessed at later: `--check` names it at once, rather than ntfy refusing the
  // topic during the first outage (its JSON publishing needs one).
  if (topic === '') issues.add(`${at}.url`, 'an ntfy URL ends with its topic, such as https://ntfy.sh/my-ups-topic; this one has none');
  else if (topic !== null && decodedTopic(topic) === null) {
    issues.add(`${at}.url`, 'the ntfy topic (the last path segment) is not valid percent-encoding, such as a "%" without two hex digits (the value is not shown)');
  }
  return url === undefined ? undefined : { url, format: format as WebhookFormat, headers };
}

function parseCommand(hooks: Fields, issues: IssueList, baseDir: string): string[] | null {
  const value = hooks.command;
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || !value.every((part) => typeof part === 'string' && part !== '')) {
    issues.add('hooks.command', `expected a program and its arguments as an array of strings (no shell), got ${withheld(value)}`);
    return null;
  }
  const [program, ...args] = value as [string, ...string[]];
  // A path ("./hook.sh", "bin/notify") resolves against the config's folder like every other
  // relative path in it; a bare name ("notify") is looked up on PATH, as a shell would.
  const relative = program.includes('/') && !path.isAbsolute(program);
  return relative ? [path.resolve(baseDir, program), ...args] : [program, ...args];
}

/** `baseDir`, the config file's folder, resolves a relative command. */
export function parseHooks(raw: Fields, issues: IssueList, baseDir: string): HooksConfig {
  const hooks = section(raw, 'hooks', issues);
  const defaults = DEFAULTS.hooks;
  if (!hooks) return { ...defaults, webhooks: [] };
  rejectUnknownKeys(hooks, HOOKS_KEYS, 'hooks', issues);
  const webhooks: WebhookConfig[] = [];
  if (hooks.webhooks !== undefined && !Array.isArray(hooks.webhooks)) {
    issues.add('hooks.webhooks', `expected an array, got ${withheld(hooks.webhooks)}`);
  } else {
    (hooks.webhooks ?? []).forEach((entry: unknown, index: number) => {
      const hook = parseWebhook(entry, `hooks.webhooks[${index}]`, issues);
      if (hook) webhooks.push(hook);
    });
  }
  return {
    command: parseCommand(hooks, issues, baseDir),
    webhooks,
    timeoutMs: readInteger(hooks, 'timeoutMs', 'hooks.', issues, 100, 60_000) ?? defaults.timeoutMs,
    retries: readInteger(hooks, 'retries', 'hooks.', issues, 0, 5) ?? defaults.retries,
  };
}
