// The page output as the job builds it, for tests that render snapshots without a server.

import { DEFAULTS, type Config } from '../../src/config/types.ts';
import { emptyHistory } from '../../src/history/model.ts';
import { historyView } from '../../src/history/view.ts';
import { createPageOutput } from '../../src/outputs/page/page-output.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';
import type { OutputContext } from '../../src/outputs/types.ts';
import { textOf } from '../../src/publish/atomic-write.ts';

export interface PageTiming {
  intervalSeconds: number;
  refreshSeconds: number;
}

export type RenderPage = (snapshot: Snapshot, timing?: PageTiming) => string;

/** A config for outputs: only the timing matters to the page, the rest is never read by it. */
export function outputConfig(timing: PageTiming = { intervalSeconds: 30, refreshSeconds: 30 }): Config {
  return { title: 'unused', schedule: '*/30 * * * * *', outDir: 'unused', dataDir: 'unused', timeoutMs: 1000, hosts: [],
    metrics: { ...DEFAULTS.metrics }, hooks: { ...DEFAULTS.hooks, webhooks: [] }, ...timing };
}

/** What an output is given, without history: the page as on the first cycle. */
export function outputContext(snapshot: Snapshot, timing?: PageTiming): OutputContext {
  return { snapshot, config: outputConfig(timing), history: historyView(emptyHistory(), snapshot) };
}

export async function createPageRenderer(): Promise<RenderPage> {
  const output = await createPageOutput();
  return (snapshot, timing) => textOf(output.build(outputContext(snapshot, timing))[0]?.content ?? '');
}

/** Every file of the page output (index.html, and vars/host-N.html when crowded) by name. */
export async function createSiteRenderer(): Promise<(snapshot: Snapshot, timing?: PageTiming) => Record<string, string>> {
  const output = await createPageOutput();
  return (snapshot, timing) => Object.fromEntries(output.build(outputContext(snapshot, timing)).map((file) => [file.name, textOf(file.content)]));
}
