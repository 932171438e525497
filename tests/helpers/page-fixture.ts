// Pages generated the way the job makes them: a real upsd with dummy-ups drivers, polled by
// runOnce, rendered by the real renderer. Real dumps come from the bundled set (tests/fixtures/ddl).

import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRunDeps } from '../../src/app/deps.ts';
import { initialRunState, runOnce } from '../../src/app/run-once.ts';
import { publishedFiles } from './published-files.ts';
import { parseConfig } from '../../src/config/parse.ts';
import type { HostConfig } from '../../src/config/types.ts';
import { openSession } from '../../src/nut/session.ts';
import { textOf, type OutputFile } from '../../src/publish/atomic-write.ts';
import { assertValidOutputs } from './schemas.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';
import { REPO_ROOT, bundled } from './corpus.ts';
import { freePort, startUpsd, type UnitSpec, type Upsd } from './upsd.ts';
import { waitUntil } from './wait.ts';

export const fixture = (file: string) => path.join(REPO_ROOT, 'tests', 'fixtures', 'page', file);

/** Real dumps, one per state the page must show well. */
export const DUMPS = {
  online: bundled('APC/APC__Back-UPS_RS_1000MS__usbhid-ups__2.7.4__01.dev'),
  onBattery: bundled('MGE_UPS_SYSTEMS/MGE_UPS_SYSTEMS__Ellipse_800_USBS__mge-shut__2.0.2__01.dev'),
  lowBattery: bundled('Tripp_Lite/Tripp_Lite__SU6000RT4U__usbhid-ups__2.1.0__01.dev'),
  overload: bundled('APC/APC__Back-UPS_XS_1200__usbhid-ups__2.2.0__01.dev'),
  bypass: bundled('Digitus/Digitus__DN-170041__nutdrv_qx__2.7.4__01.dev'),
  replaceBattery: bundled('Eaton/Eaton__93PM__snmp-ups__2.7.4__02.dev'),
  threePhase: bundled('Riello/Riello__MPT60__riello_ser__2.6.5__01.dev'),
} as const;

export interface GeneratedPage {
  html: string;
  /** Every file the cycle published, index.html among them. */
  files: readonly OutputFile[];
  snapshot: Snapshot;
}

export interface PageRig {
  upsd: Upsd;
  /**
   * Polls every host once and renders, as one scheduled run would, with the default config but
   * for what `options` sets.
   * `ups` narrows the upsd host to those UPSes, as a config's `ups` list does. Runs follow on from
   * each other like a scheduled job's (last good data is kept); `fresh` starts as a new process.
   */
  generate(options?: { refreshSeconds?: number; intervalSeconds?: number; now?: Date; ups?: string[]; fresh?: boolean }): Promise<GeneratedPage>;
  /** Rewrites one variable in the .dev file of a unit given as `dev` text; resolves once upsd serves it. */
  setVar(ups: string, variable: string, value: string): Promise<void>;
  stop(): Promise<void>;
}

async function upsdValue(upsd: Upsd, ups: string, variable: string): Promise<string | undefined> {
  const session = await openSession({ host: upsd.host, port: upsd.port, timeoutMs: 2000 });
  try {
    const [reply] = await session.send([{ line: `GET VAR ${ups} ${variable}`, expect: { kind: 'line' } }]);
    return reply?.kind === 'line' ? reply.words[3] : undefined;
  } finally {
    await session.close();
  }
}

/** One upsd with `units`, plus (when `unreachable`) a host on a loopback port nobody listens on. */
export async function startPageRig(units: readonly UnitSpec[], options: { unreachable?: boolean; title?: string } = {}): Promise<PageRig> {
  const upsd = await startUpsd(units);
  const hosts: HostConfig[] = [{ name: 'rack-a', host: upsd.host, port: upsd.port }];
  if (options.unreachable) hosts.push({ name: 'lab', host: '127.0.0.1', port: await freePort() });
  const base = parseConfig({ title: options.title ?? 'UPS status', timeoutMs: 3000, hosts }, { baseDir: os.tmpdir(), source: 'page rig' });
  // Nothing is written: the files are only noted.
  const published = publishedFiles(base.outDir);
  const deps = await createRunDeps({
    publish: published.publish,
    // Pages from one process's memory: nothing is stored.
    saveHistory: async ({ store }) => store,
    flushHistory: async ({ store }) => store,
  });
  let state = initialRunState();
  return {
    upsd,
    async generate(run = {}) {
      const only = run.ups;
      const config = {
        ...base,
        intervalSeconds: run.intervalSeconds ?? base.intervalSeconds,
        refreshSeconds: run.refreshSeconds ?? base.refreshSeconds,
        hosts: hosts.map((host, i) => (i === 0 && only ? { ...host, ups: only } : host)),
      };
      const now = run.now;
      const result = published.take(await runOnce(config, { ...deps, now: now ? () => now : deps.now }, run.fresh ? initialRunState() : state));
      if (!run.fresh) state = result.state;
      await assertValidOutputs(result.files);
      const page = result.files.find((file) => file.name === 'index.html');
      if (!page) throw new Error('page rig: no index.html was rendered');
      const html = textOf(page.content);
      return { html, files: result.files, snapshot: result.snapshot };
    },
    async setVar(ups, variable, value) {
      const file = path.join(upsd.dir, 'etc', `${ups}.dev`);
      const dev = await readFile(file, 'utf8');
      const line = new RegExp(`^${variable.replace(/\./g, '\\.')}:.*$`, 'm');
      if (!line.test(dev)) throw new Error(`page rig: ${ups}.dev has no ${variable}`);
      await writeFile(file, dev.replace(line, `${variable}: ${value}`));
      // dummy-ups re-reads a changed file on its own poll (every 2 s) and tells nobody: ask upsd.
      const served = async () => ((await upsdValue(upsd, ups, variable)) === value ? true : undefined);
      await waitUntil(served, `upsd serving ${ups} ${variable} = ${value}`, 15_000);
    },
    stop: () => upsd.stop(),
  };
}
