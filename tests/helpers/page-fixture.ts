// Pages generated the way the job makes them: a real upsd with dummy-ups drivers, polled by
// runOnce, rendered by the real renderer. Real dumps come from the bundled set (tests/fixtures/ddl).

import path from 'node:path';
import { DEFAULTS, type Config, type HostConfig } from '../../src/config/parse.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { openSession } from '../../src/nut/session.ts';
import type { OutputFile } from '../../src/publish/atomic-write.ts';
import { createRenderer } from '../../src/outputs/page/render.ts';
import { createRunState, runOnce } from '../../src/app/run-once.ts';
import type { Snapshot } from '../../src/snapshot/build.ts';
import { REPO_ROOT, bundled } from './corpus.ts';
import { freePort, startUpsd, type UnitSpec, type Upsd } from './upsd.ts';

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
  snapshot: Snapshot;
}

export interface PageRig {
  upsd: Upsd;
  /** Polls every host once and renders, as one scheduled run would. */
  /**
   * `ups` narrows the upsd host to those UPSes, as a config's `ups` list does. Runs follow on from
   * each other like a scheduled job's (last good data is kept); `fresh` starts as a new process.
   */
  generate(options?: { refreshSeconds?: number; intervalSeconds?: number; now?: Date; ups?: string[]; fresh?: boolean }): Promise<GeneratedPage>;
  stop(): Promise<void>;
}

/** One upsd with `units`, plus (when `unreachable`) a host on a loopback port nobody listens on. */
export async function startPageRig(units: readonly UnitSpec[], options: { unreachable?: boolean; title?: string } = {}): Promise<PageRig> {
  const upsd = await startUpsd(units);
  const hosts: HostConfig[] = [{ name: 'rack-a', host: upsd.host, port: upsd.port }];
  if (options.unreachable) hosts.push({ name: 'lab', host: '127.0.0.1', port: await freePort() });
  const config: Config = {
    title: options.title ?? 'UPS status',
    schedule: DEFAULTS.schedule,
    outDir: 'unused',
    timeoutMs: 3000,
    refreshSeconds: null,
    hosts,
  };
  const renderer = await createRenderer();
  const state = createRunState();
  return {
    upsd,
    async generate(run = {}) {
      let files: readonly OutputFile[] = [];
      const only = run.ups;
      const result = await runOnce(
        { ...config, refreshSeconds: run.refreshSeconds ?? 0, hosts: hosts.map((host, i) => (i === 0 && only ? { ...host, ups: only } : host)) },
        {
          now: () => run.now ?? new Date(),
          openSession,
          writeOutputs: async (_dir, written) => {
            files = written;
          },
          renderer,
          log: silentLogger,
          state: run.fresh ? createRunState() : state,
          intervalSeconds: run.intervalSeconds ?? 30,
        },
      );
      const html = files.find((file) => file.name === 'index.html')?.content;
      if (typeof html !== 'string') throw new Error('page rig: no index.html was rendered');
      return { html, snapshot: result.snapshot };
    },
    stop: () => upsd.stop(),
  };
}
