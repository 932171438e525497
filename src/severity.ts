export const SEVERITIES = ['ok', 'info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function worst(severities: Iterable<Severity>): Severity {
  let rank = 0;
  for (const severity of severities) rank = Math.max(rank, SEVERITIES.indexOf(severity));
  return SEVERITIES[rank] as Severity;
}
