// Pure display formatting shared by the snapshot summary and the page.

/** "1 h 05 min", "12 min", "45 s". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return `${hours} h ${String(rest).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A period to the second while it is short: "8 min 12 s", "45 s"; from an hour on as formatDuration. */
export function formatPeriod(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60 || total >= 3600) return formatDuration(total);
  const rest = total % 60;
  return rest === 0 ? `${total / 60} min` : `${Math.floor(total / 60)} min ${rest} s`;
}

/** "5 s ago", "3 min ago", "2 h 10 min ago". */
export function formatAge(ms: number): string {
  return `${formatDuration(ms / 1000)} ago`;
}

/** " Failing for 5 min." once an error has lasted; empty while it is new (or has no start time). */
export function failingFor(since: string | null | undefined, now: string): string {
  if (!since) return '';
  const ms = Date.parse(now) - Date.parse(since);
  return ms >= 1000 ? ` Failing for ${formatDuration(ms / 1000)}.` : '';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Trims a number for display: at most `digits` decimals, no trailing zeros. */
export function formatNumber(value: number, digits = 1): string {
  return String(Number(value.toFixed(digits)));
}

/** "On battery" -> "on battery" inside a sentence; acronyms such as "UPS" or "ECO" stay. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
