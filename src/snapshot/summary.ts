// Pure: the worst state across all UPSes in plain words, the problems worst first, and the hosts
// that could not be polled. Part of the snapshot, so status.json and the page say the same thing.

import type { HostSnapshot, Problem, Summary, UpsSnapshot } from './types.ts';
import { formatDuration, lowerFirst, plural } from '../shared/format.ts';
import { isAlarming, severityRank, worst, worstFirst } from '../status/severity.ts';
import { hasFlag, isOnBattery } from '../status/flags.ts';
import { errorInWords } from '../shared/error-words.ts';

// Old data does not say the UPS is on battery now.
const onBattery = (ups: UpsSnapshot) => !ups.stale && isOnBattery(ups.flags);

function names(list: readonly UpsSnapshot[]): string {
  if (list.length > 2) return plural(list.length, 'UPS', 'UPSes');
  return list.map((ups) => ups.name).join(' and ');
}

function batteryHeadline(list: readonly UpsSnapshot[]): string {
  const runtimes = list.flatMap((ups) => (ups.metrics?.runtimeReliable && ups.metrics.runtimeSeconds !== null ? [ups.metrics.runtimeSeconds] : []));
  const shortest = runtimes.length > 0 ? Math.min(...runtimes) : null;
  const left = shortest === null ? '' : ` — ${list.length > 1 ? 'shortest ' : ''}about ${formatDuration(shortest)} left`;
  return `${names(list)} on battery${left}`;
}

function calmHeadline(all: readonly UpsSnapshot[]): string {
  const onMains = all.every((ups) => hasFlag(ups.flags, 'OL'));
  const what = all.length === 1 ? (all[0] as UpsSnapshot).name : `All ${plural(all.length, 'UPS', 'UPSes')}`;
  return onMains ? `${what} on mains power` : `${what} fine`;
}

function headline(all: readonly UpsSnapshot[], problems: readonly Problem[], hostsDown: number): string {
  const battery = all.filter(onBattery);
  const first = problems[0];
  if (battery.length > 0) {
    // A worse problem elsewhere must not hide behind the battery news.
    const worse = first && severityRank(first.severity) > severityRank(worst(battery.map((ups) => ups.severity)));
    return `${batteryHeadline(battery)}${worse ? `; ${first.subject}: ${first.text}` : ''}`;
  }
  if (all.length === 0 && hostsDown > 0) return 'No UPS could be read';
  if (all.length === 0 && !first) return 'No UPS configured';
  if (!first) return calmHeadline(all);
  const more = problems.length > 1 ? ` (and ${plural(problems.length - 1, 'more problem')})` : '';
  return `${first.subject}: ${first.text}${more}`;
}

function upsProblem(ups: UpsSnapshot, host: HostSnapshot): Problem | null {
  // A host that could not be polled is one problem, not one per UPS behind it.
  if (host.error) return null;
  if (!isAlarming(ups.severity)) return null;
  const text = ups.error ? errorInWords(ups.error) : (ups.reasons[0] ?? ups.state);
  return { severity: ups.severity, host: host.name, ups: ups.name, subject: ups.name, text: lowerFirst(text) };
}

/**
 * A upsd that answers but lists no UPS (ups.conf emptied, drivers renamed) monitors nothing: for a
 * monitoring page that is a problem of that host, not a calm "No UPS configured" (issue 9, item 11).
 */
export const listsNoUps = (host: HostSnapshot) => !host.error && host.ups.length === 0;

function hostProblem(host: HostSnapshot): Problem | null {
  const about = { severity: 'warning', host: host.name, ups: null, subject: `Host ${host.name}` } as const;
  if (host.error) return { ...about, text: `could not be polled — ${lowerFirst(errorInWords(host.error))}` };
  if (listsNoUps(host)) return { ...about, text: 'upsd lists no UPS — check ups.conf on that host and that its drivers run' };
  return null;
}

export function summarize(hosts: readonly HostSnapshot[]): Summary {
  const down = hosts.filter((host) => host.error);
  const hostProblems = hosts.flatMap((host) => hostProblem(host) ?? []);
  const upsProblems = hosts.flatMap((host) => host.ups.flatMap((ups) => upsProblem(ups, host) ?? []));
  // Stable sort: worst first, configured order within a severity.
  const problems = [...upsProblems, ...hostProblems].sort(worstFirst);
  const all = hosts.flatMap((host) => host.ups);
  const severity = worst([...all.map((ups) => ups.severity), hostProblems.length > 0 ? 'warning' : 'ok']);
  return {
    severity,
    headline: headline(all, problems, down.length),
    upsCount: all.length,
    hostCount: hosts.length,
    hostsDown: down.map((host) => host.name),
    problems,
  };
}
