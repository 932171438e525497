// How a host and port are written for people: `nas.lan:3493`, `[fd00::1]:3493` (an IPv6 address
// needs brackets, or its own colons would run into the port's).

export function hostAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
