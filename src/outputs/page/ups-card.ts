// One UPS card: everything the template places, precomputed from the snapshot.

import type { UpsSnapshot } from '../../snapshot/types.ts';
import { failingFor, formatAge } from '../../shared/format.ts';
import { currentState } from '../../snapshot/by-id.ts';
import { alarmText } from '../../status/alarm.ts';
import { isAlarming, type Severity } from '../../status/severity.ts';
import { upsFacts, runtimeView, type Fact, type RuntimeView } from './facts.ts';
import { chargeGauge, loadGauge, type GaugeView } from './gauge.ts';
import { phaseTable, type PhaseTable } from './phases.ts';
import { isBatteryCritical } from '../../status/flags.ts';
import { groupVars, type VarGroup } from './var-groups.ts';
import { errorInWords } from '../../shared/error-words.ts';
import type { UpsHistory } from '../../history/view.ts';
import type { HistoryCardView } from './history-card.ts';
import { SEVERITY_WORDS } from '../../status/words.ts';

export interface FlagChip {
  token: string;
  /** Empty for a word upsview does not know: the token alone is shown. */
  label: string;
  severity: Severity;
}

export interface UpsView {
  id: string;
  name: string;
  description: string;
  model: string;
  severity: Severity;
  severityWord: string;
  state: string;
  flags: FlagChip[];
  /** ups.alarm exactly as sent; empty when no alarm is active. */
  alarm: string;
  reasons: string[];
  /** Why the data is missing or old, in words; empty when it is current. */
  problem: string;
  gauges: GaugeView[];
  runtime: RuntimeView | null;
  facts: Fact[];
  phases: PhaseTable | null;
  groups: VarGroup[];
  varCount: number;
  /** The figures are the last good ones, not current. */
  stale: boolean;
  /** A calm UPS among many shows its figures only with its variables. */
  compact: boolean;
  detailsTitle: string;
  /** Availability, energy, charts and events; null when the history knows nothing of this UPS. */
  history: HistoryCardView | null;
  /** On a crowded page the history goes with the variables, on their page, to keep the overview light. */
  historyOnCard: boolean;
  /** Where the variables are when not on the card itself (a crowded page); empty when they are. */
  varsHref: string;
  /** From the variables page back to the card. */
  cardHref: string;
}

function modelOf(vars: Readonly<Record<string, string>>): string {
  const mfr = (vars['device.mfr'] ?? vars['ups.mfr'] ?? '').trim();
  const model = (vars['device.model'] ?? vars['ups.model'] ?? '').trim();
  // Drivers often repeat the maker in the model ("APC" + "APC Smart-UPS").
  if (mfr && model.toLowerCase().startsWith(mfr.toLowerCase())) return model;
  return [mfr, model].filter((part) => part !== '').join(' ');
}

/** A card whose data is missing or old tells its age, so it changes every cycle; others need no clock. */
export function tellsAge(ups: UpsSnapshot): boolean {
  return ups.error !== null || ups.stale;
}

/**
 * The UPS as its card needs it: a card with current data shows no time (the page's header does),
 * so the times are left out and a UPS that did not change is drawn once, not every cycle.
 */
export function cardData(ups: UpsSnapshot): UpsSnapshot {
  return tellsAge(ups) ? ups : { ...ups, lastSuccessAt: null, errorSince: null };
}

function problemOf(ups: UpsSnapshot, generatedAt: string | null): string {
  if (!tellsAge(ups) || generatedAt === null) return '';
  const why = `${ups.error ? errorInWords(ups.error) : 'No current data'}.${failingFor(ups.errorSince, generatedAt)}`;
  if (!ups.lastSuccessAt || Object.keys(ups.vars).length === 0) return `${why} No data yet.`;
  const age = formatAge(Date.parse(generatedAt) - Date.parse(ups.lastSuccessAt));
  return `${why} Showing the last good data, from ${age}.`;
}

export interface CardOptions {
  id: string;
  /** The cycle's time for a card that tells an age (tellsAge), else null: see the renderer's reuse. */
  asOf: string | null;
  /** Many UPSes on the page: calm ones get compact cards so problems stand out. */
  crowded: boolean;
  /** The variables page and anchor for this UPS on a crowded page; empty when the card holds them. */
  varsHref: string;
  /** This UPS's history for the card (availability, energy, events; charts unless compact). */
  history?: { ups: UpsHistory; since: string; now: number };
}

/** A calm UPS among many gets a compact card: its figures, charts and variables are elsewhere. */
export function isCompact(ups: UpsSnapshot, crowded: boolean): boolean {
  return crowded && !isAlarming(ups.severity) && hasAny(ups.vars);
}

/**
 * Whether a UPS has any variable: asked for every card, twice, every cycle. Its vars are a
 * dictionary object (dotted names added one by one), where even a `for…in` that stops at the
 * first key costs a walk and an allocation, so the answer is kept by the vars object, which the
 * snapshot keeps while upsd sends the same (issue 11).
 */
const hasVars = new WeakMap<object, boolean>();
function hasAny(record: Readonly<Record<string, string>>): boolean {
  let any = hasVars.get(record);
  if (any === undefined) {
    any = Object.keys(record).length > 0;
    hasVars.set(record, any);
  }
  return any;
}

/** "Figures, history and all 42 variables": what the card's link or section holds. */
function detailsTitle(compact: boolean, historyThere: boolean, varCount: number): string {
  const parts = [...(compact ? ['Figures'] : []), ...(historyThere ? ['history'] : []), `all ${varCount} variables`];
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] as string);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `descriptions`: upsd's GET DESC texts for the host's variable names; `history`: the card's history
 * part, charts and all (card-reuse.ts cardHistory), null without history.
 */
export function upsView(ups: UpsSnapshot, descriptions: Readonly<Record<string, string>>, options: CardOptions, history: HistoryCardView | null): UpsView {
  const { id } = options;
  const m = ups.metrics;
  const onBattery = isBatteryCritical(ups.flags);
  const gauges = m ? [chargeGauge(m, onBattery), loadGauge(m.load)] : [];
  const groups = groupVars(ups.vars, descriptions, new Set(m && !m.runtimeReliable ? ['battery.runtime'] : []));
  const alarm = alarmText(ups.vars, ups.flags);
  const varCount = groups.reduce((sum, group) => sum + group.rows.length, 0);
  const compact = isCompact(ups, options.crowded);
  const varsHref = varCount > 0 ? options.varsHref : '';
  // The state phrase and the flag chips already say what the flags mean; the error and the
  // alarm have their own lines. The reasons list keeps the rest (thresholds).
  const shownElsewhere = new Set([...ups.flags.map((flag) => flag.label), ups.error?.message, `Alarm: ${alarm}`]);
  return {
    id,
    name: ups.name,
    description: ups.description,
    model: modelOf(ups.vars),
    severity: ups.severity,
    severityWord: SEVERITY_WORDS[ups.severity],
    state: currentState(ups),
    stale: ups.stale,
    flags: ups.flags.map((flag) => ({ token: flag.token, label: flag.known ? flag.label : '', severity: flag.severity })),
    alarm,
    reasons: ups.reasons.filter((reason) => !shownElsewhere.has(reason)),
    problem: problemOf(ups, options.asOf),
    gauges: gauges.filter((gauge): gauge is GaugeView => gauge !== null),
    runtime: m ? runtimeView(m, ups.vars, onBattery && !ups.stale) : null,
    facts: m ? upsFacts(m, ups.vars) : [],
    phases: phaseTable(ups.vars),
    groups,
    varCount,
    compact,
    detailsTitle: detailsTitle(compact, Boolean(options.history) && Boolean(varsHref), varCount),
    history,
    historyOnCard: !varsHref,
    varsHref,
    cardHref: `../index.html#${id}`,
  };
}
