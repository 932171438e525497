// ups.alarm read once, for the assessment, the events and the page.

import { hasFlag, type StatusFlag } from './flags.ts';

/**
 * The alarm text to show, or '' when no alarm is active. nutdrv_qx on Ablerex sends `ups.alarm: 0`
 * on a healthy UPS (two DDL dumps, status `OL`): without the ALARM word, "0" means none.
 */
export function alarmText(vars: Readonly<Record<string, string>>, flags: readonly StatusFlag[]): string {
  const text = vars['ups.alarm']?.trim() ?? '';
  return text === '0' && !hasFlag(flags, 'ALARM') ? '' : text;
}
