// The only part of config handling that touches the file system.

import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type ConfigIssue } from '../shared/errors.ts';
import { IssueList, isPlainObject } from './fields.ts';
import { parseConfig } from './parse.ts';
import { parseTls } from './tls.ts';
import type { Config } from './types.ts';

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
    // Windows editors (Notepad, older VS Code settings) save UTF-8 with a byte order mark, which
    // JSON.parse rejects as an unexpected token; it carries no meaning in UTF-8 (RFC 8259 §8.1).
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError([{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }], absolute);
  }
  const baseDir = path.dirname(absolute);
  let config: Config | undefined;
  let issues: readonly ConfigIssue[] = [];
  try {
    config = parseConfig(raw, { baseDir, source: absolute });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues = error.issues;
  }
  // The CA files are read whatever else is wrong, so one run names every problem, not one file at a time.
  const caFiles = caFilesOf(raw, baseDir);
  const pems = await readCaFiles(caFiles);
  const caIssues = new IssueList();
  pems.forEach((pem, index) => {
    if (pem.problem !== undefined) caIssues.add(`hosts[${index}].tls.ca`, pem.problem);
    else if (pem.text !== undefined && config?.hosts[index]?.tls) config.hosts[index].tls.ca = pem.text;
  });
  if (config === undefined || caIssues.issues.length > 0) throw new ConfigError([...issues, ...caIssues.issues], absolute);
  return config;
}

/** Each host entry's CA file as parseConfig resolves it (by index in `hosts`), also when the entry has other problems. */
function caFilesOf(raw: unknown, baseDir: string): (string | undefined)[] {
  const hosts = isPlainObject(raw) && Array.isArray(raw.hosts) ? (raw.hosts as unknown[]) : [];
  // parseConfig has named whatever is wrong with these fields: their issues here would repeat it.
  return hosts.map((host) => (isPlainObject(host) ? parseTls(host.tls, 'tls', new IssueList(), baseDir).caFile : undefined));
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * A block with the right markers and a damaged body (a line lost in a copy) passed the check, and
 * node then trusted nothing from the file: every poll failed as an untrusted certificate.
 */
function isCertificate(block: string): boolean {
  try {
    new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}

/** Reads each CA file; a file that cannot be read or holds no valid certificate gives its problem instead. */
async function readCaFiles(files: readonly (string | undefined)[]): Promise<{ text?: string; problem?: string }[]> {
  return Promise.all(
    files.map(async (file) => {
      if (file === undefined) return {};
      try {
        const pem = await readFile(file, 'utf8');
        const blocks = pem.match(PEM_CERTIFICATE) ?? [];
        if (blocks.length === 0) return { problem: `cannot use ${file}: no PEM certificate in it` };
        const bad = blocks.findIndex((block) => !isCertificate(block));
        if (bad !== -1) return { problem: `cannot use ${file}: certificate ${bad + 1} of ${blocks.length} in it is damaged (not a valid X.509 certificate)` };
        return { text: pem };
      } catch (error) {
        return { problem: `cannot use ${file}: ${(error as Error).message}` };
      }
    }),
  );
}
