// What an output is: a name and a pure build from the cycle's snapshot and history to file contents. The
// registry lists them; the app publishes all their files together.

import type { Config } from '../config/types.ts';
import type { HistoryView } from '../history/view.ts';
import type { OutputFile } from '../publish/atomic-write.ts';
import type { Snapshot } from '../snapshot/types.ts';

export interface OutputContext {
  snapshot: Snapshot;
  config: Config;
  /** What the history says this cycle: events, availability, energy, chart series. */
  history: HistoryView;
}

export interface BuiltFile extends OutputFile {
  /** Another folder (absolute) to publish this file into instead of the output folder. */
  dir?: string;
}

export interface Output {
  readonly name: string;
  /** File contents for this cycle; names are relative to the output folder (or to `dir`). */
  build(context: OutputContext): BuiltFile[];
}
