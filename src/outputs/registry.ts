// Every output the job writes each cycle. A new output is one module and one line here.

import { createPageOutput } from './page/page-output.ts';
import { createBadgesOutput } from './badges.ts';
import { createHistoryJsonOutput } from './history-json.ts';
import { createMetricsOutput } from './metrics/metrics-output.ts';
import { createSchemasOutput } from './schemas-output.ts';
import { createStatusJsonOutput } from './status-json.ts';
import type { Output } from './types.ts';

export async function createOutputs(): Promise<Output[]> {
  return [createStatusJsonOutput(), createHistoryJsonOutput(), await createPageOutput(), createMetricsOutput(), createBadgesOutput(), await createSchemasOutput()];
}
