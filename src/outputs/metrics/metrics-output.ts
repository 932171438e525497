// The `metrics` file: the snapshot in Prometheus's text format, served from the web folder and
// scraped at /metrics (Prometheus's default metrics_path), and, when configured, the same text
// as `upsview.prom` in node_exporter's textfile folder.

import type { Snapshot, UpsSnapshot } from '../../snapshot/types.ts';
import { STATUS_FLAGS } from '../../status/flags.ts';
import { severityRank } from '../../status/severity.ts';
import type { Output } from '../types.ts';
import { renderExposition, type Family, type Sample } from './exposition.ts';
import { MEASUREMENTS } from './measurements.ts';

export const METRICS_FILE = 'metrics';
export const TEXTFILE_NAME = 'upsview.prom';

interface Unit {
  ups: UpsSnapshot;
  labels: Record<string, string>;
}

const seconds = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso) / 1000);
const gauge = (name: string, help: string, samples: Sample[]): Family => ({ name: `upsview_${name}`, help, type: 'gauge', samples });

function infoLabels({ ups, labels }: Unit): Record<string, string> {
  const first = (...names: string[]) => names.map((name) => ups.vars[name]).find((value) => value !== undefined) ?? '';
  return {
    ...labels,
    id: ups.id,
    description: ups.description,
    maker: first('device.mfr', 'ups.mfr'),
    model: first('device.model', 'ups.model'),
    serial: first('device.serial', 'ups.serial'),
    driver: first('driver.name'),
  };
}

/** Every known flag as 0 or 1, and an unknown word the driver sent as 1 under its own name. */
function statusSamples({ ups, labels }: Unit): Sample[] {
  const sent = new Set(ups.flags.map((flag) => flag.token.toUpperCase()));
  const names = [...new Set([...Object.keys(STATUS_FLAGS), ...sent])];
  return names.map((flag) => ({ labels: { ...labels, flag }, value: sent.has(flag) ? 1 : 0 }));
}

function upsFamilies(units: readonly Unit[]): Family[] {
  // Stale values are not this cycle's: only up, info, severity and the last success time say anything.
  const current = units.filter((unit) => !unit.ups.stale);
  const each = (list: readonly Unit[], value: (unit: Unit) => number | null) =>
    list.map((unit) => ({ labels: unit.labels, value: value(unit) ?? Number.NaN }));
  return [
    gauge('ups_up', '1 when the UPS was read this cycle, 0 when its data is missing or old', each(units, ({ ups }) => (ups.stale ? 0 : 1))),
    gauge('ups_last_success_timestamp_seconds', 'When the UPS was last read (Unix time)', each(units, ({ ups }) => seconds(ups.lastSuccessAt))),
    gauge('ups_info', 'The UPS as upsd describes it; value always 1', units.map((unit) => ({ labels: infoLabels(unit), value: 1 }))),
    gauge('ups_severity', 'Worst finding: 0 ok, 1 info, 2 warning, 3 critical', each(units, ({ ups }) => severityRank(ups.severity))),
    gauge('ups_status', 'ups.status flags: 1 when the flag is set, 0 when not', current.flatMap(statusSamples)),
    ...MEASUREMENTS.map((m) => gauge(`ups_${m.name}`, m.help, each(current, ({ ups }) => m.read(ups)))),
  ];
}

export function renderMetrics(snapshot: Snapshot): string {
  const hosts = snapshot.hosts.map((host) => ({ labels: { host: host.name }, host }));
  const units = snapshot.hosts.flatMap((host) => host.ups.map((ups) => ({ ups, labels: { host: host.name, ups: ups.name } })));
  return renderExposition([
    gauge('generated_timestamp_seconds', 'When upsview wrote this file (Unix time)', [{ labels: {}, value: seconds(snapshot.generatedAt) }]),
    gauge(
      'stale_after_timestamp_seconds',
      'After this time the file is out of date: upsview stopped or cannot write (Unix time, status.json staleAfter)',
      [{ labels: {}, value: seconds(snapshot.staleAfter) }],
    ),
    gauge('host_up', '1 when upsd on the host answered this cycle, 0 when not', hosts.map(({ labels, host }) => ({ labels, value: host.error ? 0 : 1 }))),
    gauge(
      'host_last_success_timestamp_seconds',
      'When upsd on the host last answered (Unix time)',
      hosts.map(({ labels, host }) => ({ labels, value: seconds(host.lastSuccessAt) })),
    ),
    ...upsFamilies(units),
  ]);
}

export const metricsOutput: Output = {
  name: 'metrics',
  build: ({ snapshot, config }) => {
    const content = renderMetrics(snapshot);
    const textfile = config.metrics.textfileDir;
    return [{ name: METRICS_FILE, content }, ...(textfile ? [{ name: TEXTFILE_NAME, content, dir: textfile }] : [])];
  },
};
