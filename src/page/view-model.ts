// Pure: turns the snapshot into display-ready values for the templates, which only place them.

import type { Snapshot, UpsSnapshot } from '../snapshot.ts';
import { formatDuration, formatNumber } from '../format.ts';

export interface PageOptions {
  /** Seconds between scheduled runs; drives the stale mark and the refresh default. */
  intervalSeconds: number;
  /** `<meta http-equiv="refresh">` seconds; 0 for none. */
  refreshSeconds: number;
  css: string;
}

export interface VarRow {
  name: string;
  value: string;
}

export interface UpsView {
  id: string;
  name: string;
  description: string;
  severity: string;
  state: string;
  flags: string;
  reasons: string[];
  charge: string;
  load: string;
  runtime: string;
  model: string;
  error: string;
  vars: VarRow[];
}

export interface HostView {
  name: string;
  address: string;
  error: string;
  ups: UpsView[];
}

export interface PageView {
  title: string;
  headline: string;
  severity: string;
  generatedAt: string;
  refreshSeconds: number;
  css: string;
  hosts: HostView[];
}

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${formatNumber(value)} %`);

function upsView(ups: UpsSnapshot, hostIndex: number, upsIndex: number): UpsView {
  const m = ups.metrics;
  const model = [ups.vars['device.mfr'] ?? ups.vars['ups.mfr'], ups.vars['device.model'] ?? ups.vars['ups.model']]
    .filter((part) => part !== undefined && part.trim() !== '')
    .join(' ');
  return {
    id: `ups-${hostIndex}-${upsIndex}`,
    name: ups.name,
    description: ups.description,
    severity: ups.severity,
    state: ups.state,
    flags: ups.flags.map((flag) => flag.label).join(', '),
    reasons: ups.reasons,
    charge: percent(m?.batteryCharge),
    load: percent(m?.load),
    runtime: m?.runtimeSeconds != null ? formatDuration(m.runtimeSeconds) : '—',
    model,
    error: ups.error ? `${ups.error.code}: ${ups.error.message}` : '',
    vars: Object.keys(ups.vars)
      .sort()
      .map((name) => ({ name, value: ups.vars[name] as string })),
  };
}

export function buildPageView(snapshot: Snapshot, options: PageOptions): PageView {
  return {
    title: snapshot.title,
    headline: snapshot.summary.headline,
    severity: snapshot.summary.severity,
    generatedAt: snapshot.generatedAt,
    refreshSeconds: options.refreshSeconds,
    css: options.css,
    hosts: snapshot.hosts.map((host, h) => ({
      name: host.name,
      address: host.address,
      error: host.error ? `${host.error.code}: ${host.error.message}` : '',
      ups: host.ups.map((ups, u) => upsView(ups, h, u)),
    })),
  };
}
