// One UPS card: everything the template places, precomputed from the snapshot.

import type { HostSnapshot, UpsSnapshot } from '../../snapshot/types.ts';
import { failingFor, formatAge, lowerFirst } from '../../shared/format.ts';
import { isAlarming, type Severity } from '../../status/severity.ts';
import { upsFacts, runtimeView, type Fact, type RuntimeView } from './facts.ts';
import { chargeGauge, loadGauge, type GaugeView } from './gauge.ts';
import { phaseTable, type PhaseTable } from './phases.ts';
import { isBatteryCritical } from '../../status/flags.ts';
import { groupVars, type VarGroup } from './var-groups.ts';
import { errorInWords } from '../../shared/error-words.ts';
import type { UpsHistory } from '../../history/view.ts';
import { historyCard, type HistoryCardView } from './history-card.ts';
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
  /** A calm UPS among many keeps its figures inside the collapsible section. */
  compact: boolean;
  detailsTitle: string;
  /** Availability, energy, charts and events; null when the history knows nothing of this UPS. */
  history: HistoryCardView | null;
}

function modelOf(vars: Readonly<Record<string, string>>): string {
  const mfr = (vars['device.mfr'] ?? vars['ups.mfr'] ?? '').trim();
  const model = (vars['device.model'] ?? vars['ups.model'] ?? '').trim();
  // Drivers often repeat the maker in the model ("APC" + "APC Smart-UPS").
  if (mfr && model.toLowerCase().startsWith(mfr.toLowerCase())) return model;
  return [mfr, model].filter((part) => part !== '').join(' ');
}

function problemOf(ups: UpsSnapshot, generatedAt: string): string {
  if (!ups.error && !ups.stale) return '';
  const why = `${ups.error ? errorInWords(ups.error) : 'No current data'}.${failingFor(ups.errorSince, generatedAt)}`;
  if (!ups.lastSuccessAt || Object.keys(ups.vars).length === 0) return `${why} No data yet.`;
  const age = formatAge(Date.parse(generatedAt) - Date.parse(ups.lastSuccessAt));
  return `${why} Showing the last good data, from ${age}.`;
}

/** An old state must not read as the current one. */
function stateOf(ups: UpsSnapshot): string {
  if (!ups.stale) return ups.state;
  if (Object.keys(ups.vars).length === 0) return 'No data';
  return `No current data (last known: ${lowerFirst(ups.state)})`;
}

export interface CardOptions {
  id: string;
  generatedAt: string;
  /** Many UPSes on the page: calm ones get compact cards so problems stand out. */
  crowded: boolean;
  history?: { ups: UpsHistory; since: string; now: number };
}

export function upsView(ups: UpsSnapshot, host: HostSnapshot, options: CardOptions): UpsView {
  const { id, generatedAt } = options;
  const m = ups.metrics;
  const onBattery = isBatteryCritical(ups.flags);
  const gauges = m ? [chargeGauge(m, onBattery), loadGauge(m.load)] : [];
  const groups = groupVars(ups.vars, host.descriptions, new Set(m && !m.runtimeReliable ? ['battery.runtime'] : []));
  const alarm = ups.vars['ups.alarm']?.trim() ?? '';
  const varCount = groups.reduce((sum, group) => sum + group.rows.length, 0);
  const compact = options.crowded && !isAlarming(ups.severity) && varCount > 0;
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
    state: stateOf(ups),
    stale: ups.stale,
    flags: ups.flags.map((flag) => ({ token: flag.token, label: flag.known ? flag.label : '', severity: flag.severity })),
    alarm,
    reasons: ups.reasons.filter((reason) => !shownElsewhere.has(reason)),
    problem: problemOf(ups, generatedAt),
    gauges: gauges.filter((gauge): gauge is GaugeView => gauge !== null),
    runtime: m ? runtimeView(m, ups.vars, onBattery && !ups.stale) : null,
    facts: m ? upsFacts(m, ups.vars) : [],
    phases: phaseTable(ups.vars),
    groups,
    varCount,
    compact,
    detailsTitle: compact ? `Figures, history and all ${varCount} variables` : `All ${varCount} variables`,
    history: options.history ? historyCard(options.history.ups, options.history.since, options.history.now, !compact) : null,
  };
}
