// Fixed words for severities, shared by the summary and the page.

import type { Severity } from './severity.ts';

export const SEVERITY_WORDS: Record<Severity, string> = {
  ok: 'OK',
  info: 'OK',
  warning: 'Warning',
  critical: 'Critical',
};
