// The step-by-step guides in docs/ (Synology, Raspberry Pi) give configs and a command line to copy
// as they are: each config must be one the job takes, and the command must run node as `npm start`
// does, like the recipes in deploy/ (tests/deploy-*.test.ts).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { parseConfig } from '../src/config/parse.ts';
import { START_FLAGS } from './helpers/bundle.ts';
import { REPO } from './helpers/cli.ts';
import { assertMatchesSchema } from './helpers/schemas.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  synology: string;
  pi: string;
}

const guides = suiteWith<Context>('docs: the Synology and Raspberry Pi guides', {
  async before(context) {
    context.synology = await readFile(path.join(REPO, 'docs', 'synology.md'), 'utf8');
    context.pi = await readFile(path.join(REPO, 'docs', 'raspberry-pi.md'), 'utf8');
  },
});

/** The guide's one JSON block, as the reader copies it. */
function configOf(guide: string, name: string): Record<string, unknown> {
  const blocks = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  assert.is(blocks.length, 1, `${name} has one config example`);
  return JSON.parse(blocks[0] as string) as Record<string, unknown>;
}

guides('the Synology config matches the schema, parses, and keeps the history out of the web folder', async ({ synology }) => {
  const raw = configOf(synology, 'docs/synology.md');
  await assertMatchesSchema('config.schema.json', raw, 'docs/synology.md');
  const config = parseConfig(raw, { baseDir: '/volume1/apps', source: 'docs/synology.md' });
  assert.is(config.outDir, '/volume1/web/upsview', 'published by Web Station from the web shared folder');
  assert.not.ok(config.dataDir.startsWith('/volume1/web/'), 'the history is not published');
  assert.equal(config.hosts[0]?.ups, ['ups'], "DSM's UPS name");
});

guides("the Synology boot-up task runs node with npm start's flags on the bundle", ({ synology }) => {
  const command = /```sh\n\s*(\S*node [^\n]*dist\/upsview\.mjs[^\n]*)\n\s*```/.exec(synology)?.[1];
  assert.ok(command, 'docs/synology.md has the boot-up command');
  const words = command.split(/\s+/);
  const script = words.findIndex((word) => word.endsWith('dist/upsview.mjs'));
  assert.equal(words.slice(1, script), [...START_FLAGS], 'the flags of npm start, in package.json');
  assert.equal(words.slice(script + 1), ['--config', '/volume1/apps/upsview-config.json'], 'the config the guide copies');
});

guides('the Raspberry Pi config matches the schema, parses and polls the Pi itself', async ({ pi }) => {
  const raw = configOf(pi, 'docs/raspberry-pi.md');
  await assertMatchesSchema('config.schema.json', raw, 'docs/raspberry-pi.md');
  const config = parseConfig(raw, { baseDir: '/etc/upsview', source: 'docs/raspberry-pi.md' });
  assert.equal([config.outDir, config.dataDir], ['/var/www/upsview', '/var/lib/upsview'], "the folders README's install makes");
  assert.equal(config.hosts.map((host) => `${host.host}:${host.port}`), ['localhost:3493']);
});

guides.run();
