// Content negotiation: one pure function from an Accept header and the offered formats to a choice.
import Negotiator from 'negotiator';
import { Format } from './formats';

/**
 * Picks the offered format the client prefers (q-values honoured, aliases understood).
 * A missing Accept header, or `*∕*`, yields the first offered format. Returns undefined when nothing fits (406).
 */
export function negotiate(accept: string | undefined, offered: readonly Format[]): Format | undefined {
  if (offered.length === 0) return undefined;
  if (!accept?.trim()) return offered[0];
  // Clients send the same few headers over and over; the choice is a pure function of the two, so it is kept.
  let byAccept = memo.get(offered);
  if (!byAccept) memo.set(offered, (byAccept = new Map()));
  const known = byAccept.get(accept);
  if (known !== undefined) return known ?? undefined;
  const choice = choose(accept, offered);
  if (byAccept.size >= MEMO_SIZE) byAccept.clear();
  byAccept.set(accept, choice ?? null);
  return choice;
}

/** Accept headers remembered per offer (a table of formats is one offer): a bound, since a header can be anything. */
const MEMO_SIZE = 256;
const memo = new WeakMap<readonly Format[], Map<string, Format | null>>();

function choose(accept: string, offered: readonly Format[]): Format | undefined {
  const types: string[] = [];
  const owner = new Map<string, Format>();
  for (const f of offered) {
    for (const t of [f.mediaType, ...(f.aliases ?? [])]) {
      types.push(t);
      owner.set(t, f);
    }
  }
  let chosen: string | undefined;
  try {
    chosen = new Negotiator({ headers: { accept } }).mediaType(types);
  } catch {
    return undefined;
  }
  return chosen ? (owner.get(chosen.toLowerCase()) ?? owner.get(chosen)) : undefined;
}
