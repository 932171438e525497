// Pure: the `host` field of a host entry. People paste addresses as they see them elsewhere:
// "192.168.1.10:3493" (the port belongs in `port`) or "[fe80::1]" (URL brackets round IPv6).
// Left as they are, the first fails every cycle as a name that does not resolve.

import { describeValue, type Fields, type IssueList } from './fields.ts';

const HOST_NAME = /^[A-Za-z0-9.:_%-]+$/;
const EXPECTED = 'a host name or IP address (no spaces, no scheme or port)';

/** The address to connect to, or undefined (with an issue) when it is not one. */
export function readHostField(raw: Fields, at: string, issues: IssueList): string | undefined {
  const value = raw.host;
  if (value === undefined) return undefined;
  const withPort = typeof value === 'string' ? /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/.exec(value) : null;
  if (withPort) {
    const host = withPort[1] ?? withPort[2];
    issues.add(`${at}host`, `"${value}" includes a port: write "host": "${host}", "port": ${withPort[3]}`);
    return undefined;
  }
  // IPv6 in URL brackets: the brackets are notation, not part of the address.
  const host = typeof value === 'string' ? value.replace(/^\[([^\]]*:[^\]]*)\]$/, '$1') : value;
  // One colon is never an IPv6 address (those have at least two) and never a name.
  if (typeof host !== 'string' || !HOST_NAME.test(host) || host.split(':').length === 2) {
    issues.add(`${at}host`, `expected ${EXPECTED}, got ${describeValue(value)}`);
    return undefined;
  }
  return host;
}
