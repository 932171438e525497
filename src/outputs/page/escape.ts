// How the templates escape data (`<%= %>`): eta's five characters, and every character beyond
// Latin-1 as a numeric reference. The browser shows the same text; V8 then keeps the page as a
// one-byte string instead of switching all of it to two bytes per character for one "≈" or "—",
// which halves the memory of a large page and the cost of copying and encoding it (issue 11).

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_ESCAPE = /[&<>"']|[^\u0000-\u00ff]/u;
const TO_ESCAPE = /[&<>"']|[^\u0000-\u00ff]/gu;

export function escapeHtml(value: unknown): string {
  const text = String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(TO_ESCAPE, (char) => ENTITIES[char] ?? `&#${char.codePointAt(0)};`) : text;
}
