// Pure: a webhook URL as the log may show it. User and password, query and fragment are dropped,
// and so is the last path segment: an ntfy topic or a Home Assistant webhook id is as good as a
// password to whoever reads it. Header values never reach the log at all.

export function redactUrl(raw: string): string {
  if (!URL.canParse(raw)) return '(invalid URL)';
  const url = new URL(raw);
  const segments = url.pathname.split('/');
  const last = segments.length - 1 - [...segments].reverse().findIndex((segment) => segment !== '');
  if (last < segments.length && segments[last] !== '') segments[last] = '…';
  return `${url.protocol}//${url.host}${segments.join('/')}`;
}
