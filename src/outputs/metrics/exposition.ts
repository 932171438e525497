// Pure: Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): one HELP and
// one TYPE line per family, then its samples. Label values are user data (UPS names,
// descriptions, models), so backslash, double quote and line feed are escaped as the format says.

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: 'gauge';
  samples: Sample[];
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function sampleLine(name: string, sample: Sample): string {
  const labels = Object.entries(sample.labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return `${name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${String(sample.value)}`;
}

/** The whole file; families without samples are left out. */
export function renderExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    const samples = family.samples.filter((sample) => Number.isFinite(sample.value));
    if (samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of samples) lines.push(sampleLine(family.name, sample));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
