export const SEVERITIES = ['ok', 'info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for ok up to 3 for critical. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Sort comparator: the worst severity first; a stable sort keeps the order among equals. */
export function worstFirst(a: { severity: Severity }, b: { severity: Severity }): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

export function worst(severities: Iterable<Severity>): Severity {
  let rank = 0;
  for (const severity of severities) rank = Math.max(rank, SEVERITIES.indexOf(severity));
  return SEVERITIES[rank] as Severity;
}
