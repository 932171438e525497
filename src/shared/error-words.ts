// The one table of words for failure codes: upsd's ERR tokens (NUT docs/net-protocol.txt, "Error
// responses"; reference §5) and upsview's own codes for sockets and polling. The page and the
// summary show these words; error messages built from upsd replies use them too.

const ERROR_WORDS: Readonly<Record<string, string>> = {
  'DRIVER-NOT-CONNECTED': 'The UPS driver is not running, so upsd has no data for it',
  'DATA-STALE': 'The UPS driver stopped sending fresh data',
  'UNKNOWN-UPS': 'upsd does not know this UPS',
  'ACCESS-DENIED': 'upsd refused access (check username and password)',
  'VAR-NOT-SUPPORTED': 'The UPS does not have this variable',
  'INVALID-ARGUMENT': 'upsd rejected the request arguments',
  'UNKNOWN-COMMAND': 'upsd does not know this command',
  'USERNAME-REQUIRED': 'upsd asks for a username',
  'PASSWORD-REQUIRED': 'upsd asks for a password',
  'ALREADY-SET-USERNAME': 'The username was already sent on this connection',
  'ALREADY-SET-PASSWORD': 'The password was already sent on this connection',
  'FEATURE-NOT-SUPPORTED': 'upsd does not support this feature',
  'FEATURE-NOT-CONFIGURED': 'This feature is not configured on upsd',
  GONE: 'upsd no longer lists this UPS',
  WAIT: 'upsd is waiting for the first data from the UPS driver, which has just (re)connected',
  'CONNECTION-REFUSED': 'Nothing is listening: upsd is not running or the port is wrong',
  'CONNECTION-RESET': 'The connection was cut',
  'CONNECTION-CLOSED': 'upsd closed the connection',
  'HOST-NOT-FOUND': 'The host name does not resolve',
  'HOST-UNREACHABLE': 'The host cannot be reached',
  TIMEOUT: 'No answer in time',
  'TLS-UNAVAILABLE': 'upsd does not offer TLS, and this host requires it',
  'TLS-CERT-INVALID': "upsd's certificate is not trusted, has expired or is not valid yet (check the host's tls.ca and this machine's clock)",
  'TLS-NAME-MISMATCH': "upsd's certificate is for another name (check the host's tls.servername)",
  'TLS-HANDSHAKE-FAILED': 'The TLS handshake with upsd failed',
};

/** Fixed words for a code, or undefined for codes without them (PROTOCOL, INTERNAL: their message says more). */
export function wordsForCode(code: string): string | undefined {
  return Object.hasOwn(ERROR_WORDS, code) ? ERROR_WORDS[code] : undefined;
}

/** "The UPS driver is not running, …" — or the message itself for codes without fixed words. */
export function errorInWords(error: { code: string; message: string }): string {
  return wordsForCode(error.code) ?? error.message;
}
