// Pure: Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): one HELP and
// one TYPE line per family, then its samples. Label values are user data (UPS names,
// descriptions, models), so backslash, double quote and line feed are escaped as the format says.
// Labels are written out once per UPS and reused for all its samples: for 576 UPSes the file has
// ~25,000 samples, and escaping every label of every sample again was most of its cost (issue 11).

/** Prometheus metric types upsview writes. */
export type MetricType = 'gauge';

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** `host="nas",ups="ups"`: labels as they go between a sample's braces. */
export function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
    .join(',');
}

/**
 * One sample line; `labels` as labelText writes them. Joined, not concatenated: a concatenation is
 * a tree of string pieces in V8, about 130 bytes of them per line beside its ~60 characters, and
 * each UPS's lines are kept from cycle to cycle (10,000 of them for 576 UPSes).
 */
export const sampleLine = (name: string, labels: string, value: number) => (labels === '' ? [name, ' ', String(value), '\n'] : [name, '{', labels, '} ', String(value), '\n']).join('');

/** A family's HELP and TYPE lines, which go before its samples; a family without samples is left out. */
export const familyHead = (name: string, help: string, type: MetricType) => `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
