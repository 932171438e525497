// Fixed words the summary and the page use for severities and for failures (error codes from poll.ts, upsd's
// ERR tokens in NUT docs/net-protocol.txt, and socket errors from nut/client.ts).

import type { ErrorInfo } from '../shared/errors.ts';
import type { Severity } from './severity.ts';

export const SEVERITY_WORDS: Record<Severity, string> = {
  ok: 'OK',
  info: 'OK',
  warning: 'Warning',
  critical: 'Critical',
};

const ERROR_WORDS: Record<string, string> = {
  'DRIVER-NOT-CONNECTED': 'The UPS driver is not running, so upsd has no data for it',
  'DATA-STALE': 'The UPS driver stopped sending fresh data',
  'UNKNOWN-UPS': 'upsd does not know this UPS',
  GONE: 'upsd no longer lists this UPS',
  'ACCESS-DENIED': 'upsd refused access',
  'CONNECTION-REFUSED': 'Nothing is listening: upsd is not running or the port is wrong',
  'CONNECTION-RESET': 'The connection was cut',
  'CONNECTION-CLOSED': 'upsd closed the connection',
  'HOST-NOT-FOUND': 'The host name does not resolve',
  'HOST-UNREACHABLE': 'The host cannot be reached',
  TIMEOUT: 'No answer in time',
};

/** "The UPS driver is not running, …" — or the message itself for codes without fixed words. */
export function errorInWords(error: ErrorInfo): string {
  return ERROR_WORDS[error.code] ?? error.message;
}
