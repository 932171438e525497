// Every line the job logs, as one typed union: the power events plus the job's own events.

import type { HistoryLogEvent } from '../history/paths.ts';
import type { HookLogEvent } from '../hooks/runner.ts';
import type { ErrorInfo } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { EventType, PowerEvent } from '../snapshot/events.ts';
import type { Severity } from '../status/severity.ts';

/** A power event as a log line: its type code is the line's kind; the logger adds the time. */
export type PowerEventLine = { kind: EventType } & Omit<PowerEvent, 'type' | 'time'>;

export function eventLine(event: PowerEvent): PowerEventLine {
  const { type, time: _noticed, ...rest } = event;
  return { kind: type, ...rest };
}

export type LogEvent =
  | PowerEventLine
  | HistoryLogEvent
  | HookLogEvent
  | { kind: 'started'; hosts: number; schedule: string; outDir: string }
  | { kind: 'stopping'; signal: string }
  | { kind: 'stop-forced'; signal: string }
  | { kind: 'reload-requested'; signal: string }
  | { kind: 'reloaded'; hosts: number; schedule: string; outDir: string }
  | ({ kind: 'reload-failed' } & ErrorInfo)
  | { kind: 'run-skipped'; reason: string }
  | { kind: 'runs-caught-up'; skipped: number }
  | { kind: 'clock-stepped'; seconds: number }
  | { kind: 'history-paused'; reason: string; now: string; since: string | null }
  | { kind: 'run-crashed'; reason: 'start' | 'tick'; message: string }
  | { kind: 'run-finished'; ms: number; hosts: number; ups: number; severity: Severity }
  | ({ kind: 'write-failed' } & ErrorInfo)
  | { kind: 'write-recovered'; dir: string }
  | { kind: 'previous-ignored'; file: string; reason: string }
  | { kind: 'lock-taken-over'; dir: string; pid: number }
  | ({ kind: 'lock-failed' } & ErrorInfo)
  | ({ kind: 'lock-release-failed'; dir: string } & ErrorInfo)
  | { kind: 'temp-files-removed'; dir: string; count: number }
  | ({ kind: 'temp-cleanup-failed' } & ErrorInfo);

export type AppLogger = Logger<LogEvent>;
