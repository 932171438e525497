// How each consumer in docs/recipes.md reads a value out of status.json, written down as small
// evaluators so the recipes are tested the way those tools run them. Anything beyond what the
// recipes use throws, so a recipe cannot silently rely on syntax that is not checked here.

type Json = unknown;

const own = (value: Json, key: string): Json =>
  value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, Json>)[key] : undefined;

/**
 * Homepage's customapi `field` (src/widgets/customapi/utils.js getValue): a string field goes
 * through shvl.get, which splits at every ".", "[" and "]"; failing that, the whole string as one
 * key; else null.
 */
export function homepageField(data: Json, field: string): Json {
  const found = field.split(/[.[\]]+/).reduce<Json>((value, part) => (value !== undefined ? own(value, part) : undefined), data);
  return found ?? own(data, field) ?? null;
}

/**
 * A Home Assistant value_template of the form `{{ value_json.a.b['c'] }}`: Jinja looks a dotted
 * name up as an attribute and then as a key, and renders the result as Python's str() would.
 * Dotted names must be identifiers: `value_json.nas-ups` would be a subtraction.
 */
export function homeAssistantTemplate(valueJson: Json, template: string): string {
  const match = /^\{\{\s*value_json((?:\.[A-Za-z_][A-Za-z0-9_]*|\['[^']*'\])*)\s*\}\}$/.exec(template);
  if (!match) throw new Error(`template not supported by this test: ${template}`);
  const keys = [...(match[1] ?? '').matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']*)'\]/g)].map((m) => (m[1] ?? m[2]) as string);
  const value = keys.reduce<Json>((current, key) => own(current, key), valueJson);
  if (value === undefined || value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  throw new Error(`template renders a ${typeof value}: ${template}`);
}

/** A gjson path (github.com/tidwall/gjson SYNTAX.md): "." separates, "\." is a literal dot, a number indexes an array. */
export function gjson(data: Json, path: string): Json {
  if (/[*?#|@]/.test(path)) throw new Error(`gjson syntax not supported by this test: ${path}`);
  const parts = path.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'));
  return parts.reduce<Json>((value, part) => {
    if (Array.isArray(value)) return /^\d+$/.test(part) ? value[Number(part)] : undefined;
    return own(value, part);
  }, data);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A Glance custom-api template using only `{{ .JSON.String|Int|Float|Bool "path" }}`: gjson
 * lookups, printed as Go's text/template prints them, strings HTML-escaped (html/template).
 */
export function renderGlance(data: Json, template: string): string {
  const rendered = template.replace(/\{\{\s*\.JSON\.(String|Int|Float|Bool)\s+"((?:[^"\\]|\\.)*)"\s*\}\}/g, (_, kind: string, path: string) => {
    const value = gjson(data, path.replace(/\\\\/g, '\\'));
    if (kind === 'String') return escapeHtml(value === undefined || value === null ? '' : String(value));
    if (kind === 'Bool') return String(value === true);
    const number = typeof value === 'number' ? value : Number.parseFloat(String(value));
    if (Number.isNaN(number)) return '0';
    return String(kind === 'Int' ? Math.trunc(number) : number);
  });
  if (rendered.includes('{{')) throw new Error(`template syntax not supported by this test: ${rendered}`);
  return rendered;
}
