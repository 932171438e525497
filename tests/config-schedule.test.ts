// Schedules a user may write: five fields, six with seconds, ranges, steps, lists and node-cron's
// nicknames run at the intervals they say; one that no day can match is a config problem named on
// its field, never a crash.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { parseConfig } from '../src/config/parse.ts';
import { ConfigError } from '../src/shared/errors.ts';
import { runCli } from './helpers/cli.ts';
import { suiteWith } from './helpers/suite.ts';

const host = { name: 'NAS', host: '127.0.0.1' };
const options = { baseDir: '/srv/upsview', source: 'config.json' };

/** Every problem line of a refused config, as the user reads them. */
function problems(raw: unknown): string[] {
  try {
    parseConfig(raw, options);
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as ConfigError).message.split('\n').slice(1).map((line) => line.trim());
  }
  assert.unreachable('config should have been rejected');
  return [];
}

const schedules = suiteWith<{ dir: string }>('config schedule', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-config-schedule-'));
  },
  async after({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

schedules('a schedule no day matches: --check exits 2 and names the field', async ({ dir }) => {
  const file = path.join(dir, 'config.json');
  // node-cron takes "31W" (the weekday nearest the 31st), though April has no 31st.
  await writeFile(file, JSON.stringify({ schedule: '0 0 31W 4 *', hosts: [host] }));
  const result = await runCli(['--config', file, '--check']);
  assert.is(result.stderr, `upsview: ${file}: invalid config\n  schedule: "0 0 31W 4 *" never runs: no day matches it\n`);
  assert.is(result.code, 2);
});

schedules('a schedule that never runs is named with every other problem', () => {
  assert.equal(problems({ schedule: '0 0 30W 2 *', timeoutMs: 0, hosts: [{ ...host, port: 0 }] }), [
    'schedule: "0 0 30W 2 *" never runs: no day matches it',
    'timeoutMs: expected an integer 100-600000, got number 0',
    'hosts[0].port: expected an integer 1-65535, got number 0',
  ]);
  // Days node-cron itself knows no month has.
  assert.equal(problems({ schedule: '0 0 30 2 *', hosts: [host] }), [
    'schedule: expected a cron expression such as "*/30 * * * * *", got the string "0 0 30 2 *"',
  ]);
});

schedules('fields, ranges, steps, lists and nicknames run as far apart as they say', () => {
  const interval = (schedule: string) => parseConfig({ schedule, hosts: [host] }, options).intervalSeconds;
  // Gaps within an hour: the same whatever the date and the zone's daylight-saving rules.
  const expected: [string, number][] = [
    ['*/30 * * * * *', 30],
    ['0,30 */2 * * * *', 90],
    ['*/5 * * * *', 300],
    ['0-59/15 * * * *', 900],
    ['0,1 * * * *', 59 * 60],
    ['*/7 * * * *', 7 * 60],
    ['10-20/5,50 * * * *', 30 * 60],
    ['@hourly', 3600],
    [' @HOURLY ', 3600],
  ];
  for (const [schedule, seconds] of expected) assert.is(interval(schedule), seconds, schedule);
});

schedules('what is not a schedule is refused, naming the field', () => {
  for (const schedule of ['every minute', '* * * *', '* * * * * * *', '60 * * * * *', '*/0 * * * *', '@fortnightly']) {
    assert.equal(problems({ schedule, hosts: [host] }), [
      `schedule: expected a cron expression such as "*/30 * * * * *", got the string ${JSON.stringify(schedule)}`,
    ]);
  }
});

schedules.run();
