// The only part of config handling that touches the file system.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import { parseConfig } from './parse.ts';
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
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }], absolute);
  }
  return parseConfig(raw, { baseDir: path.dirname(absolute), source: absolute });
}
