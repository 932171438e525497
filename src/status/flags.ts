// Decodes ups.status: space-separated tokens in no fixed order (reference §7, NUT
// docs/new-drivers.txt). Every known token has words and a severity; unknown tokens are kept
// as they are, never dropped.

import { boundedMemo } from '../shared/bounded-memo.ts';
import { lowerFirst } from '../shared/format.ts';
import { worstFirst, type Severity } from './severity.ts';

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
  ALARM: { label: 'Alarm active', severity: 'warning' },
  TEST: { label: 'Self-test running', severity: 'info' },
  TIP: { label: 'Self-test running', severity: 'info' },
  ECO: { label: 'Eco mode', severity: 'info' },
  // APC's high-efficiency mode, sent as a status word by some firmware (one DDL dump: `OL HE`).
  HE: { label: 'High-efficiency mode', severity: 'info' },
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

/**
 * Whether any of `tokens` is among the flags; drivers may send lower case. A loop, not `some`: npm
 * start runs without V8's optimising compiler, which leaves a callback a new closure each call, and
 * this is asked several times per UPS each cycle.
 */
export function hasFlag(flags: readonly StatusFlag[], ...tokens: string[]): boolean {
  for (let i = 0; i < flags.length; i++) if (tokens.includes((flags[i] as StatusFlag).token.toUpperCase())) return true;
  return false;
}

/**
 * On battery: mains power is gone and the battery carries the load (OB). FSD alone is not "on
 * battery" (the DDL has `FSD OL`): it leads the headline as its own critical problem.
 */
export function isOnBattery(flags: readonly StatusFlag[]): boolean {
  return hasFlag(flags, 'OB');
}

/**
 * The battery is the last line: on battery, or a forced shutdown under way. Low charge and runtime
 * marks are then the shutdown point (critical), and the runtime counts down as "time left".
 */
export function isBatteryCritical(flags: readonly StatusFlag[]): boolean {
  return hasFlag(flags, 'OB', 'FSD');
}

/**
 * Whether upsd has no data from the driver yet: upsd itself sends `ups.status: WAIT`, with no other
 * variable, from the moment it (re)connects to a driver until the driver's first dump (reference
 * §7, §11 item 8). Not a device state: a UPS on battery reads WAIT during a driver restart.
 */
export function isWaiting(status: string | undefined): boolean {
  return status !== undefined && /(?:^|\s)WAIT(?:\s|$)/i.test(status);
}

/**
 * The flags of a status text, the same array for the same text: a UPS's status is one of a few
 * texts, and every line reading, the assessment and the battery voltage decode it, each cycle, for
 * each UPS (issue 11). Frozen, since each is shared.
 */
export const decodeStatus = (raw: string | undefined): readonly StatusFlag[] => (raw === undefined ? NO_FLAGS : decodedStatus(raw));

const NO_FLAGS: readonly StatusFlag[] = Object.freeze([]);

/** Status texts are few; past this many (a server that keeps making new ones) every one is forgotten and made again. */
const KNOWN_STATUS_TEXTS = 256;

const decodedStatus = boundedMemo((raw: string) => Object.freeze(flagsOf(raw).map((flag) => Object.freeze(flag))), KNOWN_STATUS_TEXTS);

function flagsOf(raw: string): StatusFlag[] {
  const byKey = new Map<string, string>();
  for (const token of raw.split(/\s+/)) {
    if (token !== '' && !byKey.has(token.toUpperCase())) byKey.set(token.toUpperCase(), token);
  }
  const upper = new Set(byKey.keys());
  const flags = [...byKey].map(([key, token]): StatusFlag => {
    if (!isKnown(key)) return { token, label: token, severity: 'info', known: false };
    return { token, ...STATUS_FLAGS[key], severity: inContext(key, upper), known: true };
  });
  // Known words in a fixed order, then unknown ones by name: the same flags whatever the order sent.
  const rank = (flag: StatusFlag) => {
    const at = DISPLAY_ORDER.indexOf(flag.token.toUpperCase());
    return at === -1 ? DISPLAY_ORDER.length : at;
  };
  return flags.sort((a, b) => rank(a) - rank(b) || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
}

/**
 * A low battery is the shutdown point only while on battery (reference §7: "OB+LB"); on mains it
 * is recharging, which deserves attention but not alarm.
 */
function inContext(token: StatusToken, all: ReadonlySet<string>): Severity {
  // As isBatteryCritical, on the upper-cased tokens before the flags exist.
  const onBattery = all.has('OB') || all.has('FSD');
  if (token === 'LB' && !onBattery) return 'warning';
  return STATUS_FLAGS[token].severity;
}

/** The flag that says where the load's power comes from, most decisive first. */
const PRIMARY: readonly [StatusToken, string][] = [
  ['FSD', 'Forced shutdown'],
  ['OFF', 'Output off'],
  ['OB', 'On battery'],
  ['BYPASS', 'On bypass'],
  ['OL', 'On mains power'],
  ['CAL', 'Calibrating'],
  ['WAIT', 'Waiting for driver data'],
];

/**
 * One phrase for the whole status, the same whatever order the driver sent: where the power
 * comes from, then every other flag that needs attention, worst first.
 * `OL LB OVER RB BOOST` reads "On mains power, overloaded, battery low, battery needs replacing".
 */
export function describeStatus(flags: readonly StatusFlag[]): string {
  if (flags.length === 0) return 'Status unknown';
  const tokens = new Set(flags.map((flag) => flag.token.toUpperCase()));
  const primary = PRIMARY.find(([token]) => tokens.has(token));
  const head = primary?.[1] ?? (flags[0] as StatusFlag).label;
  const skip = new Set<string>(primary ? [primary[0]] : [(flags[0] as StatusFlag).token.toUpperCase()]);
  if (tokens.has('OB')) skip.add('DISCHRG');
  // A calibration runs the UPS on battery on purpose: "On battery" alone would read as an outage.
  const notable = flags
    .filter((flag) => !skip.has(flag.token.toUpperCase()) && (flag.severity === 'warning' || flag.severity === 'critical' || flag.token.toUpperCase() === 'CAL'))
    .sort(worstFirst);
  if (notable.length === 0) return head;
  return `${head}, ${notable.map((flag) => lowerFirst(flag.label)).join(', ')}`;
}
