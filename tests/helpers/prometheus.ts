// The real Prometheus tools from Debian: promtool's metrics linter and a node_exporter that
// reads only a textfile folder, on a free loopback port.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { NODE_EXPORTER, PROMTOOL, ensurePackage } from './nut-install.ts';
import { freePort } from './upsd.ts';

/** `promtool check metrics` on the text: its exit code and everything it printed. */
export function promtoolCheckMetrics(text: string): { code: number | null; output: string } {
  ensurePackage('prometheus', [PROMTOOL]);
  const run = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/** `promtool check config` on a prometheus.yml. */
export function promtoolCheckConfig(file: string): { code: number | null; output: string } {
  ensurePackage('prometheus', [PROMTOOL]);
  const run = spawnSync(PROMTOOL, ['check', 'config', file], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

export interface NodeExporter {
  /** The body of its /metrics. */
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

export async function startNodeExporter(textfileDir: string): Promise<NodeExporter> {
  ensurePackage('prometheus-node-exporter', [NODE_EXPORTER]);
  const port = await freePort();
  const child: ChildProcess = spawn(
    NODE_EXPORTER,
    [`--collector.textfile.directory=${textfileDir}`, `--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.textfile'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}/metrics`;
  const scrape = async () => {
    const response = await fetch(url, { headers: { connection: 'close' } });
    return response.text();
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  // The exporter has no readiness signal but its port: poll it briefly.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node_exporter exited: ${log}`);
    const ok = await scrape().then(() => true, () => false);
    if (ok) return { scrape, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`node_exporter did not answer on ${url}: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
