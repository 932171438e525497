// Pure: the status.json of an earlier process, read back as untrusted input. It is usually our own
// file, but it may be damaged, from another version, or crafted: only the fields the next cycle
// needs are copied, each checked against the snapshot's own types; everything derived (flags,
// state, severity, summary) is computed again from them. A foreign key is never copied, so it
// cannot reach the next status.json, and no depth of nesting reaches JSON.stringify (issue 9, item 5).

import { isPlainObject, type Fields } from '../config/fields.ts';
import { AppError, type ErrorInfo } from '../shared/errors.ts';
import { byId, identify, type HostDraft, type UpsDraft } from './by-id.ts';
import { assessed } from './carry-over.ts';
import { summarize } from './summary.ts';
import { SCHEMA_VERSION, type Snapshot } from './types.ts';

/** A field that is not what the snapshot says it is; the whole file is then ignored. */
export class RestoreProblem extends AppError {
  constructor(message: string) {
    super('PREVIOUS-INVALID', message);
  }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function fail(path: string, expected: string): never {
  throw new RestoreProblem(`${path}: expected ${expected}`);
}

function object(value: unknown, path: string): Fields {
  return isPlainObject(value) ? value : fail(path, 'an object');
}

function string(value: unknown, path: string): string {
  return typeof value === 'string' ? value : fail(path, 'a string');
}

function time(value: unknown, path: string): string {
  return typeof value === 'string' && ISO_TIME.test(value) && Number.isFinite(Date.parse(value)) ? value : fail(path, 'an ISO time');
}

/** `errorSince` came with a later version of the file: absent reads as null. */
function optionalTime(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : time(value, path);
}

function error(value: unknown, path: string): ErrorInfo | null {
  if (value === null) return null;
  const fields = object(value, path);
  return { code: string(fields.code, `${path}.code`), message: string(fields.message, `${path}.message`) };
}

function strings(value: unknown, path: string): Record<string, string> {
  // A null prototype keeps names such as "__proto__" as plain data, as the poller does.
  const copy: Record<string, string> = Object.create(null);
  for (const [key, item] of Object.entries(object(value, path))) copy[key] = string(item, `${path}.${key}`);
  return copy;
}

function list<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): T[] {
  return Array.isArray(value) ? value.map((entry, index) => item(entry, `${path}[${index}]`)) : fail(path, 'an array');
}

function restoreUps(value: unknown, path: string): UpsDraft {
  const ups = object(value, path);
  return assessed({
    name: string(ups.name, `${path}.name`),
    description: string(ups.description, `${path}.description`),
    error: error(ups.error, `${path}.error`),
    vars: strings(ups.vars, `${path}.vars`),
    stale: ups.stale === true,
    gone: ups.gone === true,
    lastSuccessAt: optionalTime(ups.lastSuccessAt, `${path}.lastSuccessAt`),
    errorSince: optionalTime(ups.errorSince, `${path}.errorSince`),
  });
}

function restoreHost(value: unknown, path: string): HostDraft {
  const host = object(value, path);
  return {
    name: string(host.name, `${path}.name`),
    address: typeof host.address === 'string' ? host.address : '',
    error: error(host.error, `${path}.error`),
    lastSuccessAt: optionalTime(host.lastSuccessAt, `${path}.lastSuccessAt`),
    errorSince: optionalTime(host.errorSince, `${path}.errorSince`),
    descriptions: host.descriptions === undefined ? Object.create(null) : strings(host.descriptions, `${path}.descriptions`),
    // Not carried from one cycle to the next: each cycle says how it read the host.
    encrypted: null,
    ups: list(host.ups, `${path}.ups`, restoreUps),
  };
}

/** The snapshot in `raw`, or a RestoreProblem naming the first field that is not right. */
export function restoreSnapshot(raw: unknown): Snapshot {
  const root = object(raw, '(root)');
  if (root.schemaVersion !== SCHEMA_VERSION) fail('schemaVersion', `${SCHEMA_VERSION}`);
  const generatedAt = time(root.generatedAt, 'generatedAt');
  // Ids are derived like everything else: computed again, never copied.
  const hosts = identify(list(root.hosts, 'hosts', restoreHost));
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt,
    staleAfter: root.staleAfter === undefined ? generatedAt : time(root.staleAfter, 'staleAfter'),
    title: typeof root.title === 'string' ? root.title : '',
    summary: summarize(hosts),
    hosts,
    byId: byId(hosts),
  };
}
