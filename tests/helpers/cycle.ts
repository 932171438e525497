// Runs real cycles in-process: real client, renderer and atomic writer into a private folder, with
// a clock and a log the test can read. What each cycle published is read back from disk.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/parse.ts';
import type { Config } from '../../src/config/types.ts';
import type { ErrorInfo } from '../../src/shared/errors.ts';
import { formatAge } from '../../src/shared/format.ts';
import { errorInWords } from '../../src/shared/error-words.ts';
import type { LogEvent } from '../../src/app/log-events.ts';
import { createLogger, type LogLine } from '../../src/shared/log.ts';
import { createRunDeps } from '../../src/app/deps.ts';
import { createPublisher } from '../../src/publish/skip-unchanged.ts';
import { initialRunState, runOnce, type RunDeps, type RunState } from '../../src/app/run-once.ts';
import { publishedFiles, type CycleResult } from './published-files.ts';
import type { HostSnapshot, Snapshot, UpsSnapshot } from '../../src/snapshot/types.ts';
import { assertValidOutputs } from './schemas.ts';

export interface Published {
  result: CycleResult;
  status: Snapshot;
  html: string;
  host(name: string): HostSnapshot;
  ups(host: string, ups: string): UpsSnapshot;
}

export interface Cycler {
  config: Config;
  outDir: string;
  deps: RunDeps;
  /** Every log line so far, parsed. */
  logs: LogLine[];
  /** The state the next cycle starts from; a test may replace it (a restart starts afresh). */
  state: RunState;
  /** The clock moves one minute per cycle, so each cycle has its own time. */
  run(): Promise<Published>;
  /** One cycle, at the same clock time unless moved on by `advanceMs`, returning what runOnce returned (the state carries on). */
  step(advanceMs?: number): Promise<CycleResult>;
  cleanup(): Promise<void>;
}

export async function createCycler(raw: Record<string, unknown>, options: { verbose?: boolean } = {}): Promise<Cycler> {
  // A given outDir belongs to the test; otherwise a private one is made and removed.
  const ownDir = typeof raw.outDir !== 'string';
  const outDir = typeof raw.outDir === 'string' ? raw.outDir : await mkdtemp(path.join(os.tmpdir(), 'upsview-cycle-'));
  // The history store sits beside the output folder, as the default config puts it.
  const ownData = typeof raw.dataDir !== 'string';
  const dataDir = typeof raw.dataDir === 'string' ? raw.dataDir : `${outDir}-data`;
  const config = parseConfig({ title: 'Test', schedule: '0 * * * * *', timeoutMs: 500, ...raw, outDir, dataDir }, { baseDir: outDir, source: 'test' });
  const logs: LogLine[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = () => new Date(clock);
  const published = publishedFiles(outDir, createPublisher());
  const deps = await createRunDeps({
    now,
    publish: published.publish,
    log: createLogger<LogEvent>({ verbose: options.verbose ?? false, now, write: (line) => logs.push(JSON.parse(line) as LogLine) }),
  });
  const cycler: Cycler = {
    config,
    outDir,
    deps,
    logs,
    state: initialRunState(),
    async step(advanceMs = 0) {
      clock += advanceMs;
      const result = published.take(await runOnce(config, deps, cycler.state));
      cycler.state = result.state;
      return result;
    },
    async run() {
      clock += 60_000;
      const result = await cycler.step();
      if (result.writeError) throw new Error(`cycle could not publish: ${result.writeError.message}`);
      // Every cycle of every test checks what it published against schemas/.
      await assertValidOutputs(result.files);
      const status = JSON.parse(await readFile(path.join(outDir, 'status.json'), 'utf8')) as Snapshot;
      const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
      const host = (name: string) => {
        const found = status.hosts.find((h) => h.name === name);
        if (!found) throw new Error(`no host ${name} in status.json`);
        return found;
      };
      const ups = (hostName: string, upsName: string) => {
        const found = host(hostName).ups.find((u) => u.name === upsName);
        if (!found) throw new Error(`no UPS ${upsName} on ${hostName} in status.json`);
        return found;
      };
      return { result, status, html, host, ups };
    },
    async cleanup() {
      if (ownDir) await rm(outDir, { recursive: true, force: true });
      if (ownData) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return cycler;
}

/** Rejects when `promise` has not settled within `ms`: uvu has no per-test timeout. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Open TCP sockets of this process, as Node counts them. */
export const openTcpHandles = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;

/** The page's text with tags dropped and the common entities decoded. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[name] ?? '')
    .replace(/\s+/g, ' ');
}

/** The page's text about now: without the lists of past events, which rightly keep telling what happened. */
export const pageNowText = (html: string) => pageText(html.replace(/<ol class="events">[\s\S]*?<\/ol>/g, ' '));

/** Whether the page tells the reader about this error now: its code, its message or the page's words for it. */
export function pageShowsError(html: string, error: ErrorInfo): boolean {
  const text = pageNowText(html);
  return [error.code, error.message, errorInWords(error)].some((words) => text.includes(words));
}

/** Whether the page says how old the shown data is ("… from 3 min ago"). */
export function pageShowsAge(html: string, generatedAt: string, lastSuccessAt: string): boolean {
  return pageText(html).includes(formatAge(Date.parse(generatedAt) - Date.parse(lastSuccessAt)));
}
