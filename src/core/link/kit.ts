/**
 * Communities that split one operator's template kit between them are joined.
 *
 * A low-and-slow crew (hundreds of accounts, each a few requests a day, own addresses, no shared
 * card) links only through what it sends, and two of its accounts often share too little of it to
 * make an edge: the graph breaks the crew into many small communities, none of which holds enough
 * of the kit to look coordinated (see the exclusive kit in campaign.ts), and leaves some accounts
 * with no edge at all. Two communities (or a community and a lone account) are one operation when
 * both send mostly kit templates — templates that carry findings and that the communities sending
 * them account for almost entirely — and they share at least two of them. One shared template is
 * not enough (a public prompt pack); a community or account whose traffic is mostly something else
 * (an honest team that also tried a template) is never joined, unless dozens of its records go
 * through the kit (a crew member hiding behind as much ordinary traffic).
 */
import { EXCLUSIVE_SHARE, KIT_FINDING_SHARE } from './campaign';
import type { AccountProfile } from './profile';
import { templateTally } from './tally';
import type { TemplateLookup } from './types';
import { UnionFind } from './unionFind';

/** Kit templates two communities must share to be joined. */
const SHARED_KIT_TEMPLATES = 2;
/** Share of a community's records that must be in kit templates for it to be joined. */
const KIT_TRAFFIC_SHARE = 0.5;
/**
 * Or this many kit records, when they are at least KIT_TRAFFIC_FLOOR of its records: a crew member that
 * sends dozens of requests through the operator's kit and as many ordinary prompts as cover is still
 * part of the operation (an honest team that tried a kit template sends a handful).
 */
const KIT_RECORDS_ALONE = 20;
const KIT_TRAFFIC_FLOOR = 0.25;

/**
 * `groups` (account indices per community, as `communities` gives them) with the communities that
 * share an operator's kit joined, and the accounts that were left alone (`loners`: in no community)
 * joined to them the same way; members in ascending order, groups of one left out. Kit templates
 * are judged on the communities alone (they must hold a template almost entirely): an account on
 * its own never makes a template a kit, it can only be found sending one. `totals` gives each
 * template's records and accounts over the whole log.
 */
export function joinKitCommunities(
  groups: number[][],
  loners: number[],
  profiles: AccountProfile[],
  templates: TemplateLookup,
  totals: Map<string, { records: number; accounts: number }>,
): number[][] {
  if (groups.length < 1) return groups;
  // A unit needs a finding on each of two kit templates: most lone accounts (honest ones) have none.
  const candidates = loners.filter((i) => profiles[i].agg.withFindings >= SHARED_KIT_TEMPLATES);
  const units = [...groups, ...candidates.map((i) => [i])];
  const uses = units.map((members) => templateTally(members.map((i) => profiles[i]), templates));
  // Kit templates: carrying findings, and the communities sending them hold (nearly) all of their
  // records and accounts (loners are not counted as holders).
  const held = new Map<string, { records: number; accounts: number }>();
  for (let g = 0; g < groups.length; g++) {
    for (const [id, u] of uses[g]) {
      if (u.flagged < KIT_FINDING_SHARE * u.records) continue;
      const h = held.get(id) ?? { records: 0, accounts: 0 };
      h.records += u.records;
      h.accounts += u.accounts.size;
      held.set(id, h);
    }
  }
  const kit = new Set<string>();
  for (const [id, h] of held) {
    const total = totals.get(id);
    if (total && Math.min(h.records / total.records, h.accounts / total.accounts) >= EXCLUSIVE_SHARE) kit.add(id);
  }
  if (kit.size < SHARED_KIT_TEMPLATES) return groups;
  // Units that send mostly kit templates are joined when they share two of them: each pair of kit
  // templates a unit sends is a key, and units with a common key are joined.
  const joinedUnits = new UnionFind(units.length);
  units.forEach((members, u) => {
    const records = members.reduce((n, i) => n + profiles[i].agg.records, 0);
    const own = [...uses[u]].filter(([id, x]) => kit.has(id) && x.flagged >= KIT_FINDING_SHARE * x.records);
    const inKit = own.reduce((n, [, x]) => n + x.records, 0);
    const mostlyKit = inKit >= KIT_TRAFFIC_SHARE * records || (inKit >= KIT_RECORDS_ALONE && inKit >= KIT_TRAFFIC_FLOOR * records);
    if (own.length < SHARED_KIT_TEMPLATES || !mostlyKit) return;
    const ids = own.map(([id]) => id).sort();
    for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) joinedUnits.joinOnKey(`${ids[a]}\u0000${ids[b]}`, u);
  });
  const joined = new Map<number, number[]>();
  units.forEach((members, u) => {
    const root = joinedUnits.find(u);
    const list = joined.get(root);
    if (list) list.push(...members);
    else joined.set(root, [...members]);
  });
  return [...joined.values()].filter((members) => members.length >= 2).map((members) => members.sort((x, y) => x - y));
}
