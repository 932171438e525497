// How a cycle hands its outputs to the writer: each output's files as soon as that output is
// built, so their flush to disk runs while the next one is built; and an output that fails to
// build leaves no write of the others still going when the cycle ends. In-memory upsd, real cycle.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { createRunDeps } from '../src/app/deps.ts';
import { initialRunState, runOnce, type RunDeps } from '../src/app/run-once.ts';
import { parseConfig } from '../src/config/parse.ts';
import type { Output } from '../src/outputs/types.ts';
import { worldSessions, type World } from './helpers/nut-world.ts';
import { suiteWith } from './helpers/suite.ts';

const cycle = suiteWith<{ dir: string }>('a cycle hands each output to the writer', {
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-cycle-publish-'));
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

const world: World = new Map([[40_100, { reachable: true, ups: { rack: { 'ups.status': 'OL', 'battery.charge': '100' } } }]]);

async function runWith(dir: string, outputs: Output[], publish: RunDeps['publish']) {
  const config = parseConfig(
    { outDir: path.join(dir, 'out'), dataDir: path.join(dir, 'data'), hosts: [{ name: 'lab', host: '127.0.0.1', port: 40_100 }] },
    { baseDir: dir, source: 'test' },
  );
  const deps = await createRunDeps({ sessions: worldSessions(world), outputs, publish });
  return runOnce(config, deps, initialRunState());
}

/** An output that notes when it is built. */
const noting = (name: string, seen: string[]): Output => ({
  name,
  build: () => {
    seen.push(`build ${name}`);
    return [{ name, content: name }];
  },
});

cycle("each output's files reach the writer before the next output is built", async ({ dir }) => {
  const seen: string[] = [];
  const publish: RunDeps['publish'] = async (_, files) => {
    seen.push(`write ${files.map((file) => file.name).join(' ')}`);
  };
  const result = await runWith(dir, [noting('status.json', seen), noting('index.html', seen), noting('metrics', seen)], publish);
  assert.is(result.writeError, null);
  assert.equal(seen, ['build status.json', 'write status.json', 'build index.html', 'write index.html', 'build metrics', 'write metrics']);
});

cycle('an output that fails to build: the cycle says so, and the files before it are written when it ends', async ({ dir }) => {
  const seen: string[] = [];
  const publish: RunDeps['publish'] = async (_, files) => {
    // A write that takes a while: its flush is still under way when the next output fails.
    await new Promise((resolve) => setTimeout(resolve, 20));
    seen.push(`written ${files.map((file) => file.name).join(' ')}`);
  };
  const failing: Output = {
    name: 'broken',
    build: () => {
      throw new Error('cannot draw');
    },
  };
  const result = await runWith(dir, [noting('status.json', seen), failing], publish);
  assert.equal(result.writeError, { code: 'INTERNAL', message: 'cannot draw' });
  assert.equal(seen, ['build status.json', 'written status.json'], 'no write left going after the cycle');
});

cycle.run();
