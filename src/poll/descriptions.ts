// Variable descriptions (GET DESC) per host. They never change while upsd runs, so each name is
// asked once per process: what is known travels in the cycle state, and each poll returns only
// what it learned (null: upsd has no description for that name).

import type { NutRequest, NutSession } from '../nut/session.ts';
import { encodeArg } from '../nut/protocol.ts';

/** Host name -> variable name -> description (null = none given). */
export type DescriptionCache = ReadonlyMap<string, ReadonlyMap<string, string | null>>;

/** upsd's placeholders when ups.conf sets no desc= (reference §11.9); not a real description. */
export const NO_DESCRIPTION = new Set(['Description unavailable', 'Unavailable']);
/** A hostile server could invent endless names; real ones have a few hundred at most. */
const MAX_DESCRIPTIONS_PER_HOST = 4096;

const line = (text: string): NutRequest => ({ line: text, expect: { kind: 'line' } });

/** Asks GET DESC for every name not yet known; failures only leave descriptions missing. */
export async function learnDescriptions(
  session: NutSession,
  ups: readonly { name: string; vars: Readonly<Record<string, string>> | null }[],
  known: ReadonlyMap<string, string | null>,
): Promise<Map<string, string | null>> {
  const askVia = new Map<string, string>();
  for (const unit of ups) {
    for (const name of Object.keys(unit.vars ?? {})) {
      if (!known.has(name) && !askVia.has(name) && known.size + askVia.size < MAX_DESCRIPTIONS_PER_HOST) {
        askVia.set(name, unit.name);
      }
    }
  }
  const learned = new Map<string, string | null>();
  if (askVia.size === 0) return learned;
  const names = [...askVia.keys()];
  const replies = await session.send(names.map((name) => line(`GET DESC ${encodeArg(askVia.get(name) as string)} ${encodeArg(name)}`)));
  names.forEach((name, index) => {
    const reply = replies[index];
    const text = reply?.kind === 'line' && reply.words[0] === 'DESC' ? reply.words[3] : undefined;
    learned.set(name, text === undefined || NO_DESCRIPTION.has(text) ? null : text);
  });
  return learned;
}

/** The cache after this cycle: what was known plus what each host learned. Unchanged hosts keep their maps. */
export function withLearned(known: DescriptionCache, learned: ReadonlyMap<string, ReadonlyMap<string, string | null>>): DescriptionCache {
  const next = new Map(known);
  for (const [host, names] of learned) {
    if (names.size === 0) continue;
    next.set(host, new Map([...(known.get(host) ?? []), ...names]));
  }
  return next;
}
