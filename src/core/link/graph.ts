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
 *   (see infraStrength), and a pair keeps the strongest value per kind: sharing many exits of one
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
import type { AccountProfile } from './profile';
import { compatibility, infraSample, infraStrength, type InfraKind } from './profile';
import { pairTiming } from './timing';

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
export const EDGE_FLOOR = 0.4;
const DENSE_POSTING = 40;
const RING_NEIGHBOURS = 3;
/** Records in one minute that make the minute a burst for an account. */
const BURST_RECORDS = 3;
/** A value whose best pair could add less than this is not worth its edges. */
const MIN_CONTRIBUTION = 0.05;
/** Sharers up to this count are "few": rarity starts to shrink beyond it. */
const FEW_SHARERS = 16;

/**
 * Evidence per slot for each linked pair, in one flat typed array: a Map of small arrays costs
 * about four times the memory, and a hydra's rings make hundreds of thousands of pairs.
 */
export class PairSlots {
  private readonly offsets = new Map<number, number>();
  data = new Float32Array(SLOTS.length * 1024);

  /** Offset of the pair's slots in `data`, creating them (zeroed) on first use. */
  cell(key: number): number {
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = this.offsets.size * SLOTS.length;
      if (offset + SLOTS.length > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
      this.offsets.set(key, offset);
    }
    return offset;
  }

  get size(): number {
    return this.offsets.size;
  }

  /** [pair key, offset] for every pair. */
  entries(): IterableIterator<[number, number]> {
    return this.offsets.entries();
  }
}

export interface Graph {
  /** Pair key i * n + j (i < j) → slots. */
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
  const pairs = new PairSlots();
  const cell = (i: number, j: number): number => pairs.cell(i < j ? i * n + j : j * n + i);
  for (const kind of Object.keys(INFRA_BASE) as (keyof typeof INFRA_BASE)[]) {
    const s = slot(kind);
    for (const [value, members] of sortedEntries(infra[kind])) {
      if (members.length < 2) continue;
      const w = infraValueWeight(kind, members.map((i) => profiles[i]));
      const shares = members.map((i) => (infraSample(profiles[i], kind).entries.get(value) ?? 0) / Math.max(1, profiles[i].agg.records));
      if (w * Math.sqrt(Math.min(1, 4 * secondLargest(shares))) < MIN_CONTRIBUTION) continue;
      forEachLinkedPair(members, profiles, (i, j) => {
        const c = cell(i, j) + s;
        pairs.data[c] = Math.max(pairs.data[c], w * infraStrength(profiles[i], profiles[j], kind, value));
      });
    }
  }
  const content = (slotName: 'template' | 'family', sharesOf: (p: AccountProfile) => Map<string, number>, findingShare: (id: string) => number) => {
    const index = new Map<string, number[]>();
    profiles.forEach((p, i) => {
      for (const id of sharesOf(p).keys()) push(index, id, i);
    });
    const s = slot(slotName);
    for (const [id, members] of sortedEntries(index)) {
      if (members.length < 2) continue;
      const factor = 0.6 + 0.4 * findingShare(id);
      if (factor * secondLargest(members.map((i) => sharesOf(profiles[i]).get(id) ?? 0)) < MIN_CONTRIBUTION) continue;
      forEachLinkedPair(members, profiles, (i, j) => {
        const c = cell(i, j) + s;
        const overlap = Math.min(sharesOf(profiles[i]).get(id) ?? 0, sharesOf(profiles[j]).get(id) ?? 0);
        pairs.data[c] = Math.min(1, pairs.data[c] + overlap * factor);
      });
    }
  };
  content('template', (p) => p.templateShares, templateFindingShare);
  content('family', (p) => p.familyShares, familyFindingShare);
  // Accounts that burst in the same minute become candidates even when they share nothing else.
  const bursts = new Map<string, number[]>();
  profiles.forEach((p, i) => {
    for (const [minute, count] of p.agg.minutes.entries) if (count >= BURST_RECORDS) push(bursts, String(minute), i);
  });
  for (const [, members] of sortedEntries(bursts)) if (members.length >= 2) forEachLinkedPair(members, profiles, cell);
  const t = slot('timing');
  for (const [key, c] of pairs.entries()) pairs.data[c + t] = TIMING_BASE * pairTiming(profiles[Math.floor(key / n)], profiles[key % n]);
  return { pairs, n };
}

/** Edge weight of a pair: infrastructure + the stronger content reading + timing, times compatibility. */
export function edgeWeight(graph: Graph, offset: number, a: AccountProfile, b: AccountProfile): number {
  const at = (name: Slot) => graph.pairs.data[offset + slot(name)];
  const infra = at('payment') + at('network') + at('subnet') + at('client') + at('org');
  return (infra + Math.max(at('template'), at('family')) + at('timing')) * compatibility(a, b);
}

export function timingOf(graph: Graph, offset: number): number {
  return graph.pairs.data[offset + slot('timing')] / TIMING_BASE;
}

export function communities(graph: Graph, profiles: AccountProfile[]): number[][] {
  const parent = profiles.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const [key, offset] of graph.pairs.entries()) {
    const i = Math.floor(key / graph.n);
    const j = key % graph.n;
    if (edgeWeight(graph, offset, profiles[i], profiles[j]) < EDGE_FLOOR) continue;
    const ri = find(i);
    const rj = find(j);
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
  }
  const groups = new Map<number, number[]>();
  profiles.forEach((_, i) => push(groups, find(i), i));
  return [...groups.values()].filter((g) => g.length >= 2);
}

function forEachLinkedPair(members: number[], profiles: AccountProfile[], visit: (i: number, j: number) => void): void {
  if (members.length <= DENSE_POSTING) {
    for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) visit(members[a], members[b]);
    return;
  }
  const band = (i: number) => Math.min(4, Math.floor(profiles[i].automation * 5));
  const ring = [...members].sort((x, y) => band(x) - band(y) || profiles[x].hash - profiles[y].hash || x - y);
  for (let a = 0; a < ring.length; a++) {
    for (let step = 1; step <= RING_NEIGHBOURS; step++) visit(ring[a], ring[(a + step) % ring.length]);
  }
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
