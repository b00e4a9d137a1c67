/**
 * AccountLinker: groups accounts into suspected campaigns. add() keeps a bounded aggregate per
 * account (see account.ts); finish() builds the rarity-weighted account graph through inverted
 * indexes (graph.ts), takes connected components over strong edges, joins those that split one
 * operator's template kit (kit.ts), and scores and explains each group of two or more accounts
 * (campaign.ts).
 */
import type { CampaignReport } from '../report/model';
import { AccountAggregate } from './account';
import { describeCommunity, type LinkContext } from './campaign';
import { buildGraph, communities, edgeWeight, EDGE_FLOOR, push, timingOf, type Graph } from './graph';
import { joinKitCommunities } from './kit';
import { buildProfile, templateId, timeSpan, type AccountProfile } from './profile';
import type { LinkObservation, LinkOptions, TemplateInfo, TemplateLookup } from './types';

const FORMAT = 'account-linker/1';
/**
 * Observations held back before they are folded into their accounts. Folding an account's records
 * one after another keeps its dozen samples in the CPU cache; folding each record on arrival, with
 * thousands of accounts interleaved and the rest of the analysis in between, misses the cache on
 * nearly every sample (in the full pipeline about 35% slower). Each account's records keep their
 * order, so the aggregates are exactly the same.
 */
const BATCH = 65_536;

export class AccountLinker {
  private readonly accounts = new Map<string, AccountAggregate>();
  /** Records that had no account and so cannot be linked. */
  unlinkable = 0;
  /** Accounts with held-back observations, and those observations (same index). */
  private readonly waiting: AccountAggregate[] = [];
  private readonly queues: LinkObservation[][] = [];
  private held = 0;

  /** Keeps a reference to `o` until the next flush (at most BATCH records): do not change it afterwards. */
  add(o: LinkObservation): void {
    const account = o.account?.trim();
    if (!account) {
      this.unlinkable++;
      return;
    }
    let agg = this.accounts.get(account);
    if (!agg) this.accounts.set(account, (agg = new AccountAggregate()));
    if (agg.queue < 0) {
      agg.queue = this.waiting.length;
      this.waiting.push(agg);
      this.queues.push([o]);
    } else {
      this.queues[agg.queue].push(o);
    }
    if (++this.held >= BATCH) this.flush();
  }

  /** Folds every held-back observation into its account. */
  private flush(): void {
    for (let q = 0; q < this.waiting.length; q++) {
      const agg = this.waiting[q];
      for (const o of this.queues[q]) agg.add(o);
      agg.queue = -1;
    }
    this.waiting.length = 0;
    this.queues.length = 0;
    this.held = 0;
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  toJSON(): unknown {
    this.flush();
    const accounts = [...this.accounts.keys()].sort().map((name) => [name, this.accounts.get(name)!.toJSON()]);
    return { format: FORMAT, unlinkable: this.unlinkable, accounts };
  }

  static fromJSON(v: unknown): AccountLinker {
    const j = v as { format?: string; unlinkable: number; accounts: [string, unknown][] };
    if (j?.format !== FORMAT) throw new Error(`not an AccountLinker state (format ${String(j?.format)})`);
    const linker = new AccountLinker();
    linker.unlinkable = j.unlinkable;
    for (const [name, agg] of j.accounts) linker.accounts.set(name, AccountAggregate.fromJSON(agg));
    return linker;
  }

  /** Renames template keys (after the template miners of two shards were merged). */
  remapTemplates(map: (key: number) => number): void {
    this.flush();
    for (const agg of this.accounts.values()) agg.remapTemplates(map);
  }

  merge(other: AccountLinker): void {
    this.flush();
    other.flush();
    this.unlinkable += other.unlinkable;
    for (const [name, agg] of other.accounts) {
      const mine = this.accounts.get(name);
      if (mine) mine.merge(agg);
      else this.accounts.set(name, AccountAggregate.fromJSON(agg.toJSON()));
    }
  }

  finish(lookup: TemplateLookup, options: LinkOptions = {}): CampaignReport[] {
    this.flush();
    const templates = memoized(lookup);
    const names = [...this.accounts.keys()].sort();
    const profiles = names.map((name) => buildProfile(name, this.accounts.get(name)!, templates));
    const infra = infraIndexes(profiles);
    const findingShares = contentFindingShares(profiles, templates);
    const { groups, sync } = linkedGroups(profiles, infra, templates, findingShares);
    const ctx: LinkContext = {
      profiles,
      templates,
      infra,
      templateTotals: findingShares.totals,
      normalVolume: normalVolume(profiles),
      modelFirstSeen: modelFirstSeen(profiles),
      logStart: timeSpan(profiles).first,
      threshold: options.threshold ?? 0.5,
    };
    return groups
      .map((g, k) => describeCommunity(g, ctx, sync[k]))
      .sort((a, b) => b.score - a.score || b.size - a.size || (a.id < b.id ? -1 : 1));
  }
}

/**
 * The communities (joined by exclusive kits) and each one's mean timing evidence. The account graph
 * lives only here: its pair evidence (~64 MB at 1M records) is released before campaigns are described.
 */
function linkedGroups(profiles: AccountProfile[], infra: LinkContext['infra'], templates: TemplateLookup, findingShares: ReturnType<typeof contentFindingShares>) {
  const graph = buildGraph(profiles, infra, (id) => findingShares.templates.get(id) ?? 0, (id) => findingShares.families.get(id) ?? 0);
  const linked = communities(graph, profiles);
  const grouped = new Set(linked.flat());
  const loners = profiles.map((_, i) => i).filter((i) => !grouped.has(i));
  const groups = joinKitCommunities(linked, loners, profiles, templates, findingShares.totals);
  return { groups, sync: intraTiming(groups, graph, profiles) };
}

/** The lookup is called several times per template and account; callers may build objects each time. */
function memoized(lookup: TemplateLookup): TemplateLookup {
  const seen = new Map<number, TemplateInfo | undefined>();
  return (key) => {
    if (seen.has(key)) return seen.get(key);
    const info = lookup(key);
    seen.set(key, info);
    return info;
  };
}

function infraIndexes(profiles: AccountProfile[]): LinkContext['infra'] {
  const index = { payment: new Map(), network: new Map(), subnet: new Map(), client: new Map(), org: new Map() } as LinkContext['infra'];
  profiles.forEach((p, i) => {
    const a = p.agg;
    for (const v of a.payments.keys()) push(index.payment, v, i);
    for (const v of a.ips.keys()) push(index.network, v, i);
    for (const v of a.subnets.keys()) push(index.subnet, v, i);
    for (const v of a.clients.keys()) push(index.client, v, i);
    for (const v of a.orgs.keys()) push(index.org, v, i);
  });
  return index;
}

/**
 * Share of a template's (and paraphrase family's) records that carry detection findings; and per
 * template, its records and accounts over the whole log (from the accounts' samples).
 */
function contentFindingShares(profiles: AccountProfile[], templates: TemplateLookup) {
  const totals = { templates: new Map<string, [number, number]>(), families: new Map<string, [number, number]>() };
  const use = new Map<string, { records: number; accounts: number }>();
  const bump = (map: Map<string, [number, number]>, id: string, n: number, f: number) => {
    const t = map.get(id);
    if (t) {
      t[0] += n;
      t[1] += f;
    } else map.set(id, [n, f]);
  };
  for (const p of profiles) {
    for (const [key, [n, f]] of p.agg.templateUses()) {
      const info = templates(key);
      const id = templateId(key, templates);
      bump(totals.templates, id, n, f);
      const u = use.get(id);
      if (u) {
        u.records += n;
        u.accounts++;
      } else use.set(id, { records: n, accounts: 1 });
      if (info?.family) bump(totals.families, info.family, n, f);
    }
  }
  const share = (m: Map<string, [number, number]>) => new Map([...m].map(([id, [n, f]]) => [id, n ? f / n : 0]));
  return { templates: share(totals.templates), families: share(totals.families), totals: use };
}

/**
 * Records per account of a normal account: the median over accounts that do not look automated
 * (so that a log dominated by a hydra does not make bot volume look normal), at least 10.
 */
function normalVolume(profiles: AccountProfile[]): number {
  const normal = profiles.filter((p) => p.automation < 0.5).map((p) => p.agg.records);
  const pool = normal.length >= 5 ? normal : profiles.map((p) => p.agg.records);
  pool.sort((a, b) => a - b);
  return Math.max(10, pool.length ? pool[Math.floor(pool.length / 2)] : 10);
}

function modelFirstSeen(profiles: AccountProfile[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const p of profiles) {
    for (const [model, [, t]] of p.agg.models) {
      if (t < 0) continue;
      const seen = first.get(model);
      if (seen === undefined || t < seen) first.set(model, t);
    }
  }
  return first;
}

/** Per community: mean timing evidence (0..1) over its pairs that are linked edges. */
function intraTiming(groups: number[][], graph: Graph, profiles: AccountProfile[]): number[] {
  const groupOf = new Int32Array(profiles.length).fill(-1);
  groups.forEach((g, k) => g.forEach((i) => (groupOf[i] = k)));
  const totals = groups.map(() => [0, 0]);
  const pairs = graph.pairs;
  for (let p = 0; p < pairs.size; p++) {
    const i = pairs.lowAt(p);
    const j = pairs.highAt(p);
    const offset = pairs.offsetAt(p);
    const k = groupOf[i];
    if (k < 0 || groupOf[j] !== k || edgeWeight(graph, offset, profiles[i], profiles[j]) < EDGE_FLOOR) continue;
    totals[k][0] += timingOf(graph, offset);
    totals[k][1]++;
  }
  return totals.map(([sum, n]) => (n ? sum / n : 0));
}
