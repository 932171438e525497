// What `--check` says about a config that lacks a field or holds an empty list: each line names
// the field and says what is wrong in words ("required", "an empty array"), never a placeholder
// such as "got undefined undefined".

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { parseConfig } from '../src/config/parse.ts';
import { ConfigError } from '../src/shared/errors.ts';
import { runCli } from './helpers/cli.ts';
import { suiteWith } from './helpers/suite.ts';

/** The lines the job prints under "invalid config", as the user reads them. */
function problems(raw: unknown): string[] {
  try {
    parseConfig(raw, { baseDir: '/srv/upsview', source: 'config.json' });
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as ConfigError).message.split('\n').slice(1).map((line) => line.trim());
  }
  assert.unreachable('config should have been rejected');
  return [];
}

const host = { name: 'NAS', host: '127.0.0.1' };

interface Context {
  dir: string;
}

const messages = suiteWith<Context>('config messages: missing and empty fields', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-config-messages-'));
  },
  async after(context) {
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

messages('a config without hosts: --check exits 2 and says hosts is required', async ({ dir }) => {
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ title: 'Home UPS', host: [host] }));
  const result = await runCli(['--config', file, '--check']);
  assert.is(result.code, 2);
  assert.is(
    result.stderr,
    `upsview: ${file}: invalid config\n` +
      '  host: unknown key (did you mean "hosts"?)\n' +
      '  hosts: required: a non-empty array of hosts, such as [{ "name": "NAS", "host": "192.168.1.10" }]\n',
  );
});

messages('an empty list is called empty, not just "an array"', () => {
  assert.equal(problems({ hosts: [] }), ['hosts: expected a non-empty array of hosts, got an empty array']);
  assert.equal(problems({ hosts: [{ ...host, ups: [] }] }), [
    `hosts[0].ups: expected a non-empty array of UPS names as in upsd's ups.conf, got an empty array`,
  ]);
  assert.equal(problems({ hosts: [host], hooks: { command: [] } }), [
    'hooks.command: expected a program and its arguments as an array of strings (no shell), got an empty array',
  ]);
});

messages('no message shows "undefined"', () => {
  for (const raw of [{}, { hosts: undefined }, { hosts: [{}] }, { hosts: [host], hooks: { webhooks: [{}] } }]) {
    for (const line of problems(raw)) assert.not.match(line, 'undefined', line);
  }
});

messages.run();
