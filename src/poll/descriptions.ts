// Variable descriptions (GET DESC) per host. They never change while upsd runs, so each name is
// asked once per process: what is known travels in the cycle state, and each poll returns only
// what it learned (null: upsd has no description for that name). On a kept connection the names
// first seen in one cycle are asked in the next cycle's single write, so learning them costs no
// round trip of its own (issue 11); otherwise they are asked at the end of the same cycle.

import type { Budget } from '../nut/clock.ts';
import { encodeArg } from '../nut/protocol.ts';
import type { Reply } from '../nut/replies.ts';
import type { NutRequest, NutSession } from '../nut/session.ts';

/** Host name -> variable name -> description (null = none given). */
export type DescriptionCache = ReadonlyMap<string, ReadonlyMap<string, string | null>>;

/** upsd's placeholders when ups.conf sets no desc= (reference §11.9); not a real description. */
export const NO_DESCRIPTION = new Set(['Description unavailable', 'Unavailable']);
/** A hostile server could invent endless names; real ones have a few hundred at most. */
const MAX_DESCRIPTIONS_PER_HOST = 4096;

/** Variable name -> a UPS that has it (GET DESC needs one). */
export type AskVia = ReadonlyMap<string, string>;

/**
 * Variables (a UPS's record, which the snapshot keeps while no value changes) whose every name was
 * known in the cache they were last checked against. A host's cache is the same map until a cycle
 * learns a name, so a steady site checks no names at all: at 576 UPSes, checking each of ~23,000
 * names every cycle cost about 2 ms (issue 11, Scale).
 */
const described = new WeakMap<Readonly<Record<string, string>>, ReadonlyMap<string, string | null>>();

/** Every variable name in `ups` not yet known, with a UPS to ask through. */
export function unknownNames(
  ups: readonly { name: string; vars: Readonly<Record<string, string>> | null }[],
  known: ReadonlyMap<string, string | null>,
): Map<string, string> {
  const askVia = new Map<string, string>();
  for (const unit of ups) {
    if (unit.vars === null || described.get(unit.vars) === known) continue;
    let all = true;
    // for-in, not Object.keys: that sorts a large record's keys anew, for every UPS, every cycle.
    for (const name in unit.vars) {
      if (known.has(name)) continue;
      all = false;
      if (!askVia.has(name) && known.size + askVia.size < MAX_DESCRIPTIONS_PER_HOST) askVia.set(name, unit.name);
    }
    if (all) described.set(unit.vars, known);
  }
  return askVia;
}

export const descriptionRequests = (askVia: AskVia): NutRequest[] =>
  [...askVia].map(([name, ups]) => ({ line: `GET DESC ${encodeArg(ups)} ${encodeArg(name)}`, expect: { kind: 'line' } }));

/**
 * Errors about the UPS a name was asked through, not about the name: its driver is down or stale,
 * or it is gone. upsd has the description all the same (it answers through any UPS with the
 * variable), so the name is asked again, through a UPS that answers, rather than kept as having
 * none for the rest of the run.
 */
const ASK_AGAIN = new Set(['UNKNOWN-UPS', 'DRIVER-NOT-CONNECTED', 'DATA-STALE']);

/**
 * Pairs the replies to descriptionRequests(askVia) with their names. Any other ERR, or a reply that
 * is not DESC, leaves the name without one (null); a name whose UPS could not answer is left out.
 */
export function readDescriptions(askVia: AskVia, replies: readonly (Reply | undefined)[]): Map<string, string | null> {
  const learned = new Map<string, string | null>();
  [...askVia.keys()].forEach((name, index) => {
    const reply = replies[index];
    if (reply === undefined || (reply.kind === 'error' && ASK_AGAIN.has(reply.error.code))) return;
    const text = reply.kind === 'line' && reply.words[0] === 'DESC' ? reply.words[3] : undefined;
    learned.set(name, text === undefined || NO_DESCRIPTION.has(text) ? null : text);
  });
  return learned;
}

/** Asks GET DESC for every name not yet known, in one write. */
export async function learnDescriptions(session: NutSession, askVia: AskVia, budget: Budget): Promise<Map<string, string | null>> {
  if (askVia.size === 0) return new Map();
  return readDescriptions(askVia, await session.send(descriptionRequests(askVia), budget));
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
