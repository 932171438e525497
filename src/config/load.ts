// The only part of config handling that touches the file system.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import { IssueList } from './fields.ts';
import { parseConfig } from './parse.ts';
import type { Config, TlsConfig } from './types.ts';

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
  const config = parseConfig(raw, { baseDir: path.dirname(absolute), source: absolute });
  const issues = new IssueList();
  await readCaFiles(config.hosts, issues);
  if (issues.issues.length > 0) throw new ConfigError(issues.issues, absolute);
  return config;
}

/** Reads each host's CA file; a file that cannot be read or holds no certificate is an issue on its field. */
async function readCaFiles(hosts: readonly { tls?: TlsConfig }[], issues: IssueList): Promise<void> {
  const problems = await Promise.all(
    hosts.map(async ({ tls }) => {
      if (tls?.caFile === undefined) return null;
      try {
        const pem = await readFile(tls.caFile, 'utf8');
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) return `cannot use ${tls.caFile}: no PEM certificate in it`;
        tls.ca = pem;
        return null;
      } catch (error) {
        return `cannot use ${tls.caFile}: ${(error as Error).message}`;
      }
    }),
  );
  problems.forEach((problem, index) => problem && issues.add(`hosts[${index}].tls.ca`, problem));
}
