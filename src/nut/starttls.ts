// What to do with upsd's answer to STARTTLS (NUT docs/net-protocol.txt "STARTTLS";
// ../shared/reference/nut-protocol.md §4.6): `OK STARTTLS` means the next byte is the TLS handshake;
// any ERR (FEATURE-NOT-CONFIGURED on a stock Debian upsd, FEATURE-NOT-SUPPORTED when built without
// SSL, UNKNOWN-COMMAND on other servers) means no TLS on this connection. Like NUT's own client,
// "auto" then goes on in clear and "require" hangs up before anything else is sent.

import type { TlsMode } from '../config/types.ts';
import { NutProtocolError, NutTlsError } from '../shared/errors.ts';
import type { Reply } from './replies.ts';

export type TlsStep = 'upgrade' | 'clear';

export function tlsStep(mode: Exclude<TlsMode, 'off'>, reply: Reply | undefined, where: string): TlsStep {
  if (reply?.kind === 'line' && reply.words[0] === 'OK' && reply.words[1] === 'STARTTLS') return 'upgrade';
  if (reply?.kind !== 'error') throw new NutProtocolError(`${where}: unexpected reply to STARTTLS`);
  if (mode === 'auto') return 'clear';
  throw new NutTlsError(
    'TLS-UNAVAILABLE',
    `${where}: upsd does not offer TLS (ERR ${reply.error.code}); with "tls": "require" nothing is sent in clear`,
  );
}
