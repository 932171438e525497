// Decodes ups.status: space-separated tokens in no fixed order (reference §7, NUT
// docs/new-drivers.txt). Every known token has words and a severity; unknown tokens are kept
// as they are, never dropped.

import type { Severity } from './severity.ts';

export interface StatusFlag {
  token: string;
  label: string;
  severity: Severity;
  known: boolean;
}

export const STATUS_FLAGS = {
  OL: { label: 'On mains power', severity: 'ok' },
  OB: { label: 'On battery', severity: 'warning' },
  LB: { label: 'Battery low', severity: 'critical' },
  HB: { label: 'Battery high', severity: 'info' },
  RB: { label: 'Battery needs replacing', severity: 'warning' },
  CHRG: { label: 'Charging', severity: 'ok' },
  DISCHRG: { label: 'Discharging', severity: 'info' },
  BYPASS: { label: 'On bypass, no battery protection', severity: 'warning' },
  CAL: { label: 'Calibrating runtime', severity: 'info' },
  OFF: { label: 'Output off', severity: 'critical' },
  OVER: { label: 'Overloaded', severity: 'critical' },
  TRIM: { label: 'Lowering high input voltage', severity: 'info' },
  BOOST: { label: 'Raising low input voltage', severity: 'info' },
  FSD: { label: 'Forced shutdown', severity: 'critical' },
  ALARM: { label: 'Alarm', severity: 'warning' },
  TEST: { label: 'Self-test running', severity: 'info' },
  TIP: { label: 'Self-test running', severity: 'info' },
  ECO: { label: 'Eco mode', severity: 'info' },
  WAIT: { label: 'Waiting for driver data', severity: 'info' },
  OVERHEAT: { label: 'Overheated', severity: 'critical' },
  COMMFAULT: { label: 'Communication fault', severity: 'warning' },
  DEPLETED: { label: 'Battery depleted', severity: 'critical' },
  ACFAIL: { label: 'Mains power failed', severity: 'warning' },
  SD: { label: 'Shutting down', severity: 'critical' },
} as const satisfies Record<string, { label: string; severity: Severity }>;

export type StatusToken = keyof typeof STATUS_FLAGS;

function isKnown(token: string): token is StatusToken {
  return Object.hasOwn(STATUS_FLAGS, token);
}

/** Order used to put the most telling words first, whatever order the driver sent. */
const DISPLAY_ORDER = Object.keys(STATUS_FLAGS);

export function decodeStatus(raw: string | undefined): StatusFlag[] {
  if (raw === undefined) return [];
  const tokens = [...new Set(raw.split(/\s+/).filter((token) => token !== ''))];
  const flags = tokens.map((token): StatusFlag => {
    const upper = token.toUpperCase();
    if (isKnown(upper)) return { token, ...STATUS_FLAGS[upper], known: true };
    return { token, label: token, severity: 'info', known: false };
  });
  const rank = (flag: StatusFlag) => {
    const at = DISPLAY_ORDER.indexOf(flag.token.toUpperCase());
    return at === -1 ? DISPLAY_ORDER.length : at;
  };
  return flags.sort((a, b) => rank(a) - rank(b));
}
