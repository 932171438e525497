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

/**
 * Whether a severity calls for the reader's attention. `info` is not: the page shows it as OK
 * (charging, boost, eco mode), so every "is there a problem?" question asks this one function.
 */
export function isAlarming(severity: Severity): boolean {
  return severity === 'warning' || severity === 'critical';
}
