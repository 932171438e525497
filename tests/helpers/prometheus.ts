// The real Prometheus tools from Debian: promtool's checks, a node_exporter that reads only a
// textfile folder, and a Prometheus server, each on a free loopback port.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensurePackage } from './prerequisite.ts';
import { freePort } from './upsd.ts';
import { waitUntil } from './wait.ts';
import { reapedWithThisProcess } from './reaper.ts';

export const PROMTOOL = '/usr/bin/promtool';
export const PROMETHEUS = '/usr/bin/prometheus';
export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

const ensurePrometheus = () => ensurePackage({ name: 'prometheus', what: 'Prometheus and promtool', files: [PROMETHEUS, PROMTOOL] });
export const ensureNodeExporter = () =>
  ensurePackage({ name: 'prometheus-node-exporter', what: "Prometheus's node_exporter", files: [NODE_EXPORTER] });

export interface CheckResult {
  code: number | null;
  output: string;
}

function promtool(args: string[], input?: string): CheckResult {
  ensurePrometheus();
  const run = spawnSync(PROMTOOL, args, { input, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/** `promtool check metrics` on the text: its exit code and everything it printed. */
export const promtoolCheckMetrics = (text: string) => promtool(['check', 'metrics'], text);

/** `promtool check config` on a prometheus.yml. */
export const promtoolCheckConfig = (file: string) => promtool(['check', 'config', file]);

export interface HttpDaemon {
  /** GET a path on the daemon; the body as text. */
  get(pathAndQuery: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a program that serves HTTP on `port` and resolves once it answers `probe`. */
async function startHttpDaemon(program: string, args: string[], port: number, probe: string): Promise<HttpDaemon> {
  const child: ChildProcess = reapedWithThisProcess(spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const get = async (pathAndQuery: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`, { headers: { connection: 'close' } });
    if (!response.ok) throw new Error(`${program} answered ${response.status} to ${pathAndQuery}`);
    return response.text();
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    // These daemons announce nothing but their port.
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`${program} exited: ${log.slice(-2000)}`);
      return (await get(probe).then(() => true, () => false)) || undefined;
    }, `${program} answering on port ${port}`, 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { get, stop };
}

export async function startNodeExporter(textfileDir: string): Promise<HttpDaemon> {
  ensureNodeExporter();
  const port = await freePort();
  const args = [`--collector.textfile.directory=${textfileDir}`, `--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.textfile'];
  return startHttpDaemon(NODE_EXPORTER, args, port, '/metrics');
}

export interface PrometheusServer extends HttpDaemon {
  /** The value of an instant query's first result, or undefined while there is none. */
  queryValue(query: string): Promise<number | undefined>;
}

/** A Prometheus server with this prometheus.yml and a private, removed-on-stop data folder. */
export async function startPrometheus(configYaml: string): Promise<PrometheusServer> {
  ensurePrometheus();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, configYaml);
  const port = await freePort();
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`];
  const daemon = await startHttpDaemon(PROMETHEUS, args, port, '/-/ready').catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...daemon,
    async queryValue(query) {
      const body = JSON.parse(await daemon.get(`/api/v1/query?query=${encodeURIComponent(query)}`)) as { data: { result: { value: [number, string] }[] } };
      const value = body.data.result[0]?.value[1];
      return value === undefined ? undefined : Number(value);
    },
    async stop() {
      await daemon.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
