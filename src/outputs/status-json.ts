// status.json: the snapshot itself, documented in the README, for other devices and scripts.

import type { Snapshot } from '../snapshot/types.ts';
import type { Output } from './types.ts';

export function renderStatusJson(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export const statusJsonOutput: Output = {
  name: 'status.json',
  build: ({ snapshot }) => [{ name: 'status.json', content: renderStatusJson(snapshot) }],
};
