/**
 * Communities that split one operator's template kit between them are joined.
 *
 * A low-and-slow crew (hundreds of accounts, each a few requests a day, own addresses, no shared
 * card) links only through what it sends, and two of its accounts often share too little of it to
 * make an edge: the graph breaks the crew into many small communities, none of which holds enough
 * of the kit to look coordinated (see the exclusive kit in campaign.ts). Two communities are one
 * operation when both send mostly kit templates — templates that carry findings and that the
 * communities sending them account for almost entirely — and they share at least two of them. One
 * shared template is not enough (a public prompt pack); a community whose traffic is mostly
 * something else (an honest team that also tried a template) is never joined.
 */
import { EXCLUSIVE_SHARE, KIT_FINDING_SHARE } from './campaign';
import { templateId, type AccountProfile } from './profile';
import type { TemplateLookup } from './types';

/** Kit templates two communities must share to be joined. */
const SHARED_KIT_TEMPLATES = 2;
/** Share of a community's records that must be in kit templates for it to be joined. */
const KIT_TRAFFIC_SHARE = 0.5;
/** A template sent by more communities than this is a public one, not a kit: it joins nobody. */
const MAX_SENDERS = 200;

interface TemplateUse {
  records: number;
  flagged: number;
  accounts: number;
}

/**
 * `groups` (account indices per community, as `communities` gives them) with the communities that
 * share an operator's kit joined, members in ascending order; `totals` gives each template's
 * records and accounts over the whole log.
 */
export function joinKitCommunities(
  groups: number[][],
  profiles: AccountProfile[],
  templates: TemplateLookup,
  totals: Map<string, { records: number; accounts: number }>,
): number[][] {
  if (groups.length < 2) return groups;
  const uses = groups.map((members) => templateUse(members, profiles, templates));
  const records = groups.map((members) => members.reduce((n, i) => n + profiles[i].agg.records, 0));
  // Communities sending each template that carries findings in their hands.
  const senders = new Map<string, number[]>();
  uses.forEach((use, g) => {
    for (const [id, u] of use) {
      if (u.flagged < KIT_FINDING_SHARE * u.records) continue;
      const list = senders.get(id);
      if (list) list.push(g);
      else senders.set(id, [g]);
    }
  });
  // Kit templates: the communities sending them hold (nearly) all of their records and accounts.
  const kit = new Map<string, number[]>();
  for (const [id, gs] of senders) {
    const total = totals.get(id);
    if (!total || gs.length < 2 || gs.length > MAX_SENDERS) continue;
    const held = gs.reduce((sum, g) => ({ records: sum.records + uses[g].get(id)!.records, accounts: sum.accounts + uses[g].get(id)!.accounts }), { records: 0, accounts: 0 });
    if (Math.min(held.records / total.records, held.accounts / total.accounts) >= EXCLUSIVE_SHARE) kit.set(id, gs);
  }
  if (kit.size < SHARED_KIT_TEMPLATES) return groups;
  const inKit = uses.map((use) => [...use].reduce((n, [id, u]) => n + (kit.has(id) ? u.records : 0), 0));
  const eligible = (g: number) => inKit[g] >= KIT_TRAFFIC_SHARE * records[g];
  // Pairs of eligible communities and the kit templates they share.
  const shared = new Map<number, number>();
  for (const gs of kit.values()) {
    const ok = gs.filter(eligible);
    for (let a = 0; a < ok.length; a++) for (let b = a + 1; b < ok.length; b++) {
      const key = ok[a] * groups.length + ok[b];
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
  }
  const parent = groups.map((_, g) => g);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const [key, count] of shared) {
    if (count < SHARED_KIT_TEMPLATES) continue;
    const a = find(Math.floor(key / groups.length));
    const b = find(key % groups.length);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const joined = new Map<number, number[]>();
  groups.forEach((members, g) => {
    const root = find(g);
    const list = joined.get(root);
    if (list) list.push(...members);
    else joined.set(root, [...members]);
  });
  return [...joined.values()].map((members) => members.sort((x, y) => x - y));
}

function templateUse(members: number[], profiles: AccountProfile[], templates: TemplateLookup): Map<string, TemplateUse> {
  const use = new Map<string, TemplateUse>();
  for (const i of members) {
    for (const [key, [n, f]] of profiles[i].agg.templates) {
      const id = templateId(key, templates);
      const u = use.get(id);
      if (u) {
        u.records += n;
        u.flagged += f;
        u.accounts++;
      } else use.set(id, { records: n, flagged: f, accounts: 1 });
    }
  }
  return use;
}
