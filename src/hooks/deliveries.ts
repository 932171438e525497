// Pure: which events go where, in which shape. A command gets the event in UPSVIEW_EVENT_*
// variables; a webhook gets a JSON body in the shape its format asks for:
//   json            {source, title, event, ups}: the event and the UPS's byId entry
//   ntfy            ntfy's JSON publishing (https://docs.ntfy.sh/publish/#publish-as-json): POSTed
//                   to the server root with the topic (the URL's last path segment) in the body
//   home-assistant  the event's fields at the top level, read as trigger.json.<field> in an
//                   automation (https://www.home-assistant.io/docs/automation/trigger/#webhook-trigger)

import { decodedTopic, ntfyTopicSegment } from '../config/ntfy-topic.ts';
import type { HooksConfig, WebhookConfig } from '../config/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Severity } from '../status/severity.ts';
import type { HookEvent } from './events.ts';
import { redactUrl } from './redact.ts';

interface Attempts {
  /**
   * The runner's queue and failing state: one per configured hook. Never logged: it holds the URL.
   * Not `target`, which two webhooks on one server share once redacted (two ntfy topics, say).
   */
  key: string;
  /** What the log names: never a secret (redact.ts). */
  target: string;
  timeoutMs: number;
  retries: number;
}

export type Delivery =
  | (Attempts & { kind: 'command'; argv: string[]; env: Record<string, string> })
  | (Attempts & { kind: 'webhook'; url: string; headers: Record<string, string>; body: string });

const NTFY_PRIORITY: Record<Severity, number> = { ok: 3, info: 3, warning: 4, critical: 5 };
const NTFY_TAGS: Record<Severity, string> = { ok: 'white_check_mark', info: 'information_source', warning: 'warning', critical: 'rotating_light' };

export function eventEnv(event: HookEvent, body: unknown): Record<string, string> {
  const env: Record<string, string> = { UPSVIEW_EVENT_JSON: JSON.stringify(body) };
  for (const [key, value] of Object.entries(event)) {
    // batteryCharge -> UPSVIEW_EVENT_BATTERY_CHARGE; null becomes the empty string.
    env[`UPSVIEW_EVENT_${key.replace(/[A-Z]/g, (ch) => `_${ch}`).toUpperCase()}`] = value === null ? '' : String(value);
  }
  return env;
}

function genericBody(event: HookEvent, snapshot: Snapshot) {
  return { source: 'upsview', title: snapshot.title, event, ups: event.id === null ? null : (snapshot.byId[event.id] ?? null) };
}

function webhookRequest(hook: WebhookConfig, event: HookEvent, snapshot: Snapshot): { url: string; body: unknown } {
  if (hook.format === 'home-assistant') return { url: hook.url, body: { source: 'upsview', title: snapshot.title, ...event } };
  if (hook.format === 'ntfy') {
    const url = new URL(hook.url);
    // The config refuses a topic that is not valid percent-encoding (a stray `%`), but a cycle must
    // never throw over a hook: such a topic goes out as written, for ntfy to judge.
    const segment = ntfyTopicSegment(url);
    const topic = decodedTopic(segment) ?? segment;
    url.pathname = url.pathname.replace(/[^/]*\/?$/, '');
    const subject = event.ups !== null ? `${event.ups}@${event.host}` : event.host !== null ? `Host ${event.host}` : 'upsview';
    return {
      url: url.toString(),
      body: { topic, title: `${snapshot.title}: ${subject}`, message: event.text, priority: NTFY_PRIORITY[event.severity], tags: [NTFY_TAGS[event.severity]] },
    };
  }
  return { url: hook.url, body: genericBody(event, snapshot) };
}

export function deliveries(hooks: HooksConfig, events: readonly HookEvent[], snapshot: Snapshot): Delivery[] {
  const limits = { timeoutMs: hooks.timeoutMs, retries: hooks.retries };
  return events.flatMap((event): Delivery[] => [
    ...(hooks.command
      ? [{
          kind: 'command' as const,
          key: JSON.stringify(['command', hooks.command]),
          target: `command ${hooks.command[0]}`,
          argv: hooks.command,
          env: eventEnv(event, genericBody(event, snapshot)),
          ...limits,
        }]
      : []),
    ...hooks.webhooks.map((hook, index) => {
      const request = webhookRequest(hook, event, snapshot);
      return {
        kind: 'webhook' as const,
        // The index tells apart one URL configured twice; the URL, a hook that a reload changed.
        key: JSON.stringify(['webhook', index, hook.url]),
        target: `${hook.format} webhook ${redactUrl(hook.url)}`,
        url: request.url,
        headers: { 'content-type': 'application/json', ...hook.headers },
        body: JSON.stringify(request.body),
        ...limits,
      };
    }),
  ]);
}
