// The config as the rest of the code sees it: validated, defaults applied, paths absolute.

export interface HostConfig {
  /** Shown on the page and used as the host's key; unique. */
  name: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** When set, only these UPSes are shown (names as in upsd's ups.conf). */
  ups?: string[];
  /** STARTTLS to this upsd; absent means off. */
  tls?: TlsConfig;
}

export const TLS_MODES = ['off', 'auto', 'require'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export interface TlsConfig {
  /** off: never STARTTLS (default). auto: TLS when upsd offers it, else clear. require: TLS or nothing. */
  mode: TlsMode;
  /** Absolute path of a PEM CA file to trust instead of the system's CAs. */
  caFile?: string;
  /** The CA file's PEM text, read by loadConfig. */
  ca?: string;
  /** Name the server certificate must carry; default the host name. */
  servername?: string;
}

export type WebhookFormat = 'json' | 'ntfy' | 'home-assistant';

export interface WebhookConfig {
  /** http or https; userinfo, query and header values are secrets and never logged. */
  url: string;
  format: WebhookFormat;
  headers: Record<string, string>;
}

export interface HooksConfig {
  /** Program and arguments, run without a shell; null for none. */
  command: string[] | null;
  webhooks: WebhookConfig[];
  /** Limit for one attempt (the command's run or one POST). */
  timeoutMs: number;
  /** Attempts after the first failed one, with doubling pauses. */
  retries: number;
}

export interface MetricsConfig {
  /** node_exporter's textfile folder to write `upsview.prom` into as well (absolute); null for none. */
  textfileDir: string | null;
}

export interface Config {
  title: string;
  /** node-cron expression; a sixth, leading field gives seconds. */
  schedule: string;
  /** Seconds between scheduled runs, derived from `schedule`: what "one interval" means for staleness. */
  intervalSeconds: number;
  /** Absolute path, resolved against the config file's folder. */
  outDir: string;
  /** History store (samples, rollups, events, state); absolute, never inside `outDir`. */
  dataDir: string;
  /** Budget for one host's whole poll: connect plus all replies. */
  timeoutMs: number;
  /** How often an open page renews itself; 0 turns it off. The file's null (follow the schedule) is resolved. */
  refreshSeconds: number;
  hosts: HostConfig[];
  metrics: MetricsConfig;
  hooks: HooksConfig;
}

export const DEFAULTS = {
  title: 'UPS status',
  schedule: '*/30 * * * * *',
  outDir: 'out',
  dataDir: 'data',
  timeoutMs: 5000,
  refreshSeconds: null,
  port: 3493,
  metrics: { textfileDir: null },
  hooks: { command: null, webhooks: [], timeoutMs: 5000, retries: 2 },
  webhookFormat: 'json',
} as const;
