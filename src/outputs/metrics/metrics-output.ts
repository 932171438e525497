// The `metrics` file: the snapshot in Prometheus's text format, served from the web folder and
// scraped at /metrics (Prometheus's default metrics_path), and, when configured, the same text
// as `upsview.prom` in node_exporter's textfile folder. Written straight to text, without an
// object per sample: 576 UPSes make ~25,000 samples a cycle (issue 11).

import type { Snapshot, UpsSnapshot } from '../../snapshot/types.ts';
import { STATUS_FLAGS } from '../../status/flags.ts';
import { severityRank } from '../../status/severity.ts';
import type { Piece } from '../../publish/atomic-write.ts';
import type { Output } from '../types.ts';
import { labelText, sampleLine } from './exposition.ts';
import { finite, gauge, type FamilyText, type Writer } from './families.ts';
import { MEASUREMENTS } from './measurements.ts';

export const METRICS_FILE = 'metrics';
export const TEXTFILE_NAME = 'upsview.prom';

/** A UPS's own lines, and what they were made from. */
interface UnitLines {
  /** `host="…",ups="…"` */
  labels: string;
  vars: UpsSnapshot['vars'];
  metrics: UpsSnapshot['metrics'];
  id: string;
  description: string;
  flagList: UpsSnapshot['flags'];
  /** ups.status's words as sent. */
  flags: string;
  info: string;
  status: string;
  stale: boolean;
  up: string;
  severity: UpsSnapshot['severity'];
  severityLine: string;
  /** One per MEASUREMENTS entry; null when the UPS has no such value. */
  measures: (string | null)[];
}

/**
 * Last cycle's lines of each UPS, by host and UPS name: kept while the UPS's data is the same
 * objects (the snapshot keeps a UPS's vars, flags and metrics while upsd sends the same), the
 * status lines (~30 per UPS, one per known flag, most of the file) while its flags are the same,
 * and the up and severity lines while they say the same (issue 11).
 */
export type LinesCache = Map<string, Map<string, UnitLines>>;

interface Unit {
  ups: UpsSnapshot;
  lines: UnitLines;
}

const seconds = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso) / 1000);
const KNOWN_FLAGS = Object.keys(STATUS_FLAGS);

function infoLabels(ups: UpsSnapshot, labels: string): string {
  const first = (...names: string[]) => names.map((name) => ups.vars[name]).find((value) => value !== undefined) ?? '';
  const more = labelText({
    id: ups.id,
    description: ups.description,
    maker: first('device.mfr', 'ups.mfr'),
    model: first('device.model', 'ups.model'),
    serial: first('device.serial', 'ups.serial'),
    driver: first('driver.name'),
  });
  return `${labels},${more}`;
}

/** Every known flag as 0 or 1, and an unknown word the driver sent as 1 under its own name. */
function statusLines(ups: UpsSnapshot, labels: string): string {
  const sent = new Set(ups.flags.map((flag) => flag.token.toUpperCase()));
  const names = [...new Set([...KNOWN_FLAGS, ...sent])];
  return names.map((flag) => sampleLine('upsview_ups_status', `${labels},${labelText({ flag })}`, sent.has(flag) ? 1 : 0)).join('');
}

/** The lines drawn from the UPS's data; `kept`'s while they are drawn from the same. */
function dataLines(ups: UpsSnapshot, labels: string, kept: UnitLines | undefined): Pick<UnitLines, 'vars' | 'metrics' | 'id' | 'description' | 'info' | 'measures'> {
  if (kept && kept.vars === ups.vars && kept.metrics === ups.metrics && kept.id === ups.id && kept.description === ups.description) return kept;
  return {
    vars: ups.vars,
    metrics: ups.metrics,
    id: ups.id,
    description: ups.description,
    info: sampleLine('upsview_ups_info', infoLabels(ups, labels), 1),
    measures: MEASUREMENTS.map((measure) => finite(`upsview_ups_${measure.name}`, labels, measure.read(ups))),
  };
}

function unitLines(ups: UpsSnapshot, host: string, kept: UnitLines | undefined): UnitLines {
  const labels = kept?.labels ?? labelText({ host, ups: ups.name });
  const data = dataLines(ups, labels, kept);
  const flagsSame = kept !== undefined && kept.flagList === ups.flags;
  if (flagsSame && data === kept && kept.stale === ups.stale && kept.severity === ups.severity) return kept;
  const flags = flagsSame ? kept.flags : ups.flags.map((flag) => flag.token).join(' ');
  return {
    labels,
    vars: data.vars,
    metrics: data.metrics,
    id: data.id,
    description: data.description,
    info: data.info,
    measures: data.measures,
    flagList: ups.flags,
    flags,
    status: kept?.flags === flags ? kept.status : statusLines(ups, labels),
    stale: ups.stale,
    up: kept?.stale === ups.stale ? kept.up : sampleLine('upsview_ups_up', labels, ups.stale ? 0 : 1),
    severity: ups.severity,
    severityLine: kept?.severity === ups.severity ? kept.severityLine : sampleLine('upsview_ups_severity', labels, severityRank(ups.severity)),
  };
}

function upsFamilies(writer: Writer, units: readonly Unit[]): void {
  // Stale values are not this cycle's: only up, info, severity and the last success time say anything.
  const current = units.filter((unit) => !unit.ups.stale);
  gauge(writer, 'ups_up', '1 when the UPS was read this cycle, 0 when its data is missing or old', units, ({ lines }) => lines.up);
  gauge(writer, 'ups_last_success_timestamp_seconds', 'When the UPS was last read (Unix time)', units, ({ ups, lines }, m) => finite(m, lines.labels, seconds(ups.lastSuccessAt)));
  gauge(writer, 'ups_info', 'The UPS as upsd describes it; value always 1', units, ({ lines }) => lines.info);
  gauge(writer, 'ups_severity', 'Worst finding: 0 ok, 1 info, 2 warning, 3 critical', units, ({ lines }) => lines.severityLine);
  gauge(writer, 'ups_status', 'ups.status flags: 1 when the flag is set, 0 when not', current, ({ lines }) => lines.status);
  MEASUREMENTS.forEach((measure, i) => gauge(writer, `ups_${measure.name}`, measure.help, current, ({ lines }) => lines.measures[i] ?? null));
}

/** What a cycle keeps for the next: each UPS's lines, and each family's text. */
interface MetricsCache {
  units: LinesCache;
  families: Map<string, FamilyText>;
}

const emptyMetricsCache = (): MetricsCache => ({ units: new Map(), families: new Map() });

/** The file's pieces, one per family. `cache`: last cycle's, and an empty one that gets this cycle's. */
function renderMetrics(snapshot: Snapshot, cache: { before: MetricsCache; now: MetricsCache }): Piece[] {
  const hosts = snapshot.hosts.map((host) => ({ host, labels: labelText({ host: host.name }) }));
  const units = snapshot.hosts.flatMap((host) => {
    const before = cache.before.units.get(host.name);
    const now = new Map<string, UnitLines>();
    cache.now.units.set(host.name, now);
    return host.ups.map((ups): Unit => {
      const lines = unitLines(ups, host.name, before?.get(ups.name));
      now.set(ups.name, lines);
      return { ups, lines };
    });
  });
  const whole = [{ labels: '' }];
  const writer: Writer = { out: [], before: cache.before.families, now: cache.now.families };
  gauge(writer, 'generated_timestamp_seconds', 'When upsview wrote this file (Unix time)', whole, (_, m) => finite(m, '', seconds(snapshot.generatedAt)));
  gauge(
    writer,
    'stale_after_timestamp_seconds',
    'After this time the file is out of date: upsview stopped or cannot write (Unix time, status.json staleAfter)',
    whole,
    (_, m) => finite(m, '', seconds(snapshot.staleAfter)),
  );
  gauge(writer, 'host_up', '1 when upsd on the host answered this cycle, 0 when not', hosts, ({ host, labels }, m) => sampleLine(m, labels, host.error ? 0 : 1));
  gauge(writer, 'host_last_success_timestamp_seconds', 'When upsd on the host last answered (Unix time)', hosts, ({ host, labels }, m) => finite(m, labels, seconds(host.lastSuccessAt)));
  upsFamilies(writer, units);
  // Handed over as pieces: a family's text is kept from cycle to cycle, and joining them copied 1.35 MB a cycle for 576 UPSes.
  return writer.out;
}

export function createMetricsOutput(): Output {
  let before = emptyMetricsCache();
  return {
    name: 'metrics',
    build: ({ snapshot, config }) => {
      const now = emptyMetricsCache();
      const content = renderMetrics(snapshot, { before, now });
      before = now;
      const textfile = config.metrics.textfileDir;
      return [{ name: METRICS_FILE, content }, ...(textfile ? [{ name: TEXTFILE_NAME, content, dir: textfile }] : [])];
    },
  };
}
