/**
 * The account graph. Edges are built only through inverted indexes (signal value → accounts that
 * share it), never by comparing all accounts pairwise:
 * - a value shared by up to DENSE_POSTING accounts links all of them pairwise; a larger posting list
 *   is linked as a ring (each account to its next RING_NEIGHBOURS), which keeps it connected in O(n)
 *   edges. The ring is ordered by automation band, then account hash: alike accounts sit next to
 *   each other (500 bots among 5,000 honest users of one value still form one chain), and the order
 *   is the same for every value, so accounts sharing several large values meet on the same pairs;
 * - infrastructure values (payment, IP, subnet, client, org) are weighed like IDF: full weight when
 *   few alike accounts share them or when the sharers are homogeneous and automated; shrinking
 *   with the number of sharers when they are conversational (a company NAT or card), and shrinking
 *   further when the sharers are a mix of bot-like and conversational accounts (a proxy exit).
 *   Each pair's share is scaled by how much of both accounts' traffic goes through the value
 *   (see strengthOfShares), and a pair keeps the strongest value per kind: sharing many exits of one
 *   proxy pool is still only "same proxy pool". Scaling by traffic share also makes the weighing
 *   robust to sampling: an account rotating through many addresses keeps only a sample of them, so
 *   the sharer count of an exit is under-counted, but its traffic share through any one is small;
 * - content (templates, paraphrase families) is weighed by how much of both accounts' traffic it is
 *   (histogram intersection) and more when the template's records carry detection findings;
 * - timing (co-activity in the same minutes beyond chance) is added for every pair above, and for
 *   pairs of accounts that burst (>= BURST_RECORDS records) in the same sampled minute.
 * The sum is multiplied by the pair's behavioural compatibility, so a campaign account and an
 * honest customer on the same proxy exit stay apart.
 *
 * Communities: connected components over edges of weight >= EDGE_FLOOR (union-find). Chosen over
 * modularity methods because every member is then reachable from every other through edges a
 * reviewer can read, and the result does not depend on visiting order (merge-equivalence).
 */
import type { AccountProfile, Shares } from './profile';
import { compatibility, infraShare, strengthOfShares, type InfraKind } from './profile';
import { PairSlots } from './pairs';
import { pairTiming } from './timing';
import { UnionFind } from './unionFind';

export const SLOTS = ['payment', 'network', 'subnet', 'client', 'org', 'template', 'family', 'timing'] as const;
export type Slot = (typeof SLOTS)[number];
const slot = (name: Slot): number => SLOTS.indexOf(name);

export const INFRA_BASE: Record<InfraKind, number> = {
  payment: 0.9,
  network: 0.5,
  subnet: 0.25,
  client: 0.2,
  org: 0.3,
};
const TIMING_BASE = 0.5;
/** Slots are float32: sums of many small overlaps may round above their exact bound. */
const ROUNDING_MARGIN = 1e-3;
export const EDGE_FLOOR = 0.4;
const DENSE_POSTING = 40;
const RING_NEIGHBOURS = 3;
/** Records in one minute that make the minute a burst for an account. */
const BURST_RECORDS = 3;
/** A value whose best pair could add less than this is not worth its edges. */
const MIN_CONTRIBUTION = 0.05;
/** Sharers up to this count are "few": rarity starts to shrink beyond it. */
const FEW_SHARERS = 16;

export interface Graph {
  /** Linked pairs of account indices → slots. */
  pairs: PairSlots;
  n: number;
}

/** Rarity-and-context weight of one infrastructure value shared by `sharers`. */
export function infraValueWeight(kind: keyof typeof INFRA_BASE, sharers: AccountProfile[]): number {
  const n = sharers.length;
  const rarity = n <= FEW_SHARERS ? 1 : 1 / (1 + Math.log(n / FEW_SHARERS));
  const mean = sharers.reduce((s, p) => s + p.automation, 0) / n;
  const variance = sharers.reduce((s, p) => s + (p.automation - mean) ** 2, 0) / n;
  const homogeneity = Math.max(0.2, Math.min(1, 1 - 2 * Math.sqrt(variance)));
  return INFRA_BASE[kind] * Math.max(rarity * homogeneity, homogeneity * mean);
}

export function buildGraph(
  profiles: AccountProfile[],
  infra: Record<keyof typeof INFRA_BASE, Map<string, number[]>>,
  templateFindingShare: (templateId: string) => number,
  familyFindingShare: (familyId: string) => number,
): Graph {
  const n = profiles.length;
  const pairs = new PairSlots(SLOTS.length);
  const ring = ringRanks(profiles);
  for (const kind of Object.keys(INFRA_BASE) as (keyof typeof INFRA_BASE)[]) {
    const s = slot(kind);
    for (const [value, members] of sortedEntries(infra[kind])) {
      if (members.length < 2) continue;
      const w = infraValueWeight(kind, members.map((i) => profiles[i]));
      const shares = members.map((i) => infraShare(profiles[i], kind, value));
      if (w * Math.sqrt(Math.min(1, 4 * secondLargest(shares))) < MIN_CONTRIBUTION) continue;
      forEachLinkedPair(members, ring, (a, b) => {
        const c = pairs.cell(members[a], members[b]) + s;
        pairs.set(c, Math.max(pairs.get(c), w * strengthOfShares(shares[a], shares[b])));
      });
    }
  }
  // A pair that content would create has no infrastructure (all of it was linked above), and its
  // content can add at most the smaller templated (or paraphrase-family) share of the two accounts:
  // when even that plus full timing stays under the floor, the pair can never be an edge.
  const contentShare = (sharesOf: (p: AccountProfile) => Shares) =>
    profiles.map((p) => {
      let total = 0;
      for (const share of sharesOf(p).values()) total += share;
      return total;
    });
  const templated = contentShare((p) => p.templateShares);
  const familied = contentShare((p) => p.familyShares);
  const contentCanLink = (i: number, j: number): boolean => {
    const bound = Math.min(1, Math.max(Math.min(templated[i], templated[j]), Math.min(familied[i], familied[j])));
    return (bound + ROUNDING_MARGIN + TIMING_BASE) * compatibility(profiles[i], profiles[j]) >= EDGE_FLOOR;
  };
  const content = (slotName: 'template' | 'family', sharesOf: (p: AccountProfile) => Shares, findingShare: (id: string) => number) => {
    const index = new Map<string, number[]>();
    profiles.forEach((p, i) => {
      for (const id of sharesOf(p).keys()) push(index, id, i);
    });
    const s = slot(slotName);
    const factors = new Map<string, number>();
    const factorOf = (id: string): number => {
      let factor = factors.get(id);
      if (factor === undefined) factors.set(id, (factor = 0.6 + 0.4 * findingShare(id)));
      return factor;
    };
    for (const [id, members] of sortedEntries(index)) {
      if (members.length < 2) continue;
      const shares = members.map((i) => sharesOf(profiles[i]).get(id) ?? 0);
      if (factorOf(id) * secondLargest(shares) < MIN_CONTRIBUTION) continue;
      forEachLinkedPair(members, ring, (a, b) => {
        const i = members[a];
        const j = members[b];
        let c = pairs.find(i, j);
        if (c < 0) {
          if (!contentCanLink(i, j)) return;
          c = pairs.cell(i, j);
        }
        c += s;
        // The whole overlap at the first visit: a pair meets in a large posting's ring only when
        // it happens to be adjacent there, so adding one value per visit would under-count it.
        if (pairs.get(c) === 0) pairs.set(c, Math.min(1, weightedOverlap(sharesOf(profiles[i]), sharesOf(profiles[j]), factorOf)));
      });
    }
  };
  content('template', (p) => p.templateShares, templateFindingShare);
  content('family', (p) => p.familyShares, familyFindingShare);
  // Accounts that burst in the same minute become candidates even when they share nothing else.
  const bursts = new Map<string, number[]>();
  profiles.forEach((p, i) => {
    p.agg.minutes.forEach((count, minute) => {
      if (count >= BURST_RECORDS) push(bursts, String(minute), i);
    });
  });
  for (const [, members] of sortedEntries(bursts)) if (members.length >= 2) forEachLinkedPair(members, ring, (a, b) => pairs.cell(members[a], members[b]));
  const t = slot('timing');
  for (let p = 0; p < pairs.size; p++) {
    const c = pairs.offsetAt(p);
    const a = profiles[pairs.lowAt(p)];
    const b = profiles[pairs.highAt(p)];
    // A pair that stays under the floor even with full timing is no edge whatever its timing.
    if ((evidenceBesidesTiming(pairs, c) + TIMING_BASE) * compatibility(a, b) < EDGE_FLOOR) continue;
    pairs.set(c + t, TIMING_BASE * pairTiming(a, b));
  }
  return { pairs, n };
}

/** Edge weight of a pair: infrastructure + the stronger content reading + timing, times compatibility. */
export function edgeWeight(graph: Graph, offset: number, a: AccountProfile, b: AccountProfile): number {
  return (evidenceBesidesTiming(graph.pairs, offset) + graph.pairs.get(offset + TIMING_SLOT)) * compatibility(a, b);
}

const [PAYMENT, NETWORK, SUBNET, CLIENT, ORG, TEMPLATE, FAMILY, TIMING_SLOT] = SLOTS.map(slot);

/** Infrastructure + the stronger content reading (slots in the same order as always summed). */
function evidenceBesidesTiming(pairs: PairSlots, offset: number): number {
  const infra = pairs.get(offset + PAYMENT) + pairs.get(offset + NETWORK) + pairs.get(offset + SUBNET) + pairs.get(offset + CLIENT) + pairs.get(offset + ORG);
  return infra + Math.max(pairs.get(offset + TEMPLATE), pairs.get(offset + FAMILY));
}

export function timingOf(graph: Graph, offset: number): number {
  return graph.pairs.get(offset + TIMING_SLOT) / TIMING_BASE;
}

export function communities(graph: Graph, profiles: AccountProfile[]): number[][] {
  const linked = new UnionFind(profiles.length);
  const pairs = graph.pairs;
  for (let p = 0; p < pairs.size; p++) {
    const i = pairs.lowAt(p);
    const j = pairs.highAt(p);
    if (edgeWeight(graph, pairs.offsetAt(p), profiles[i], profiles[j]) >= EDGE_FLOOR) linked.union(i, j);
  }
  const groups = new Map<number, number[]>();
  profiles.forEach((_, i) => push(groups, linked.find(i), i));
  return [...groups.values()].filter((g) => g.length >= 2);
}

/**
 * Each account's place in the ring order: by automation band, then account hash. The order is the
 * same for every value, so it is ranked once and each posting list is sorted by rank.
 */
function ringRanks(profiles: AccountProfile[]): Float64Array {
  const band = (i: number) => Math.min(4, Math.floor(profiles[i].automation * 5));
  const order = profiles.map((_, i) => i).sort((x, y) => band(x) - band(y) || profiles[x].hash - profiles[y].hash || x - y);
  const rank = new Float64Array(profiles.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

const POSITION_SPAN = 2 ** 26;

/** Visits linked pairs as positions (a, b) in `members`. */
function forEachLinkedPair(members: number[], rank: Float64Array, visit: (a: number, b: number) => void): void {
  const n = members.length;
  if (n <= DENSE_POSTING) {
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) visit(a, b);
    return;
  }
  // Sort positions by rank in one numeric typed-array sort: rank and position packed in a double.
  const ring = new Float64Array(n);
  for (let a = 0; a < n; a++) ring[a] = rank[members[a]] * POSITION_SPAN + a;
  ring.sort();
  for (let r = 0; r < n; r++) ring[r] %= POSITION_SPAN;
  for (let r = 0; r < n; r++) {
    for (let step = 1; step <= RING_NEIGHBOURS; step++) visit(ring[r], ring[(r + step) % n]);
  }
}

/** Histogram intersection of two accounts' shares, each value weighted by `factorOf`. */
function weightedOverlap(a: Shares, b: Shares, factorOf: (id: string) => number): number {
  const [small, large] = a.keys().length <= b.keys().length ? [a, b] : [b, a];
  const ids = small.keys();
  const amounts = small.values();
  let total = 0;
  for (let k = 0; k < ids.length; k++) {
    const other = large.get(ids[k]);
    if (other !== undefined) total += Math.min(amounts[k], other) * factorOf(ids[k]);
  }
  return total;
}

/** The best pair's weaker side bounds every pair's min(). */
function secondLargest(values: number[]): number {
  let first = -Infinity;
  let second = -Infinity;
  for (const v of values) {
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return second;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
