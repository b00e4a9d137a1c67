/**
 * Scoring and evidence for one community. The score is a two-factor product so that it can be
 * explained in one sentence:
 *
 *   score = B × (0.3 + 0.7 × C)
 *
 * B (behaviour, see behaviour.ts): is this distillation-shaped traffic?
 * C (coordination, 0..1): is it a coordinated multi-account operation rather than one team?
 *   Noisy-OR of synchronized bursts, round-robin rotation, hidden shared payment / network /
 *   client, volume far beyond a normal account, several detection families, scale, model pivot.
 *   Infrastructure shared only by accounts that all declare the same org (a company card, NAT,
 *   client) counts 30%. Open teams (every member declares its org, few orgs of at most a dozen
 *   accounts, one detection family) halve C and their in-org sharing counts 0. Volume does not
 *   decide openness: an evaluation team re-grading checkpoints can send more per account than a
 *   hydra, whose weight is in its number of accounts.
 *
 * Conversational traffic keeps B low whatever the infrastructure (an enterprise behind one NAT and
 * card); templated one-shot traffic without coordination keeps C low (an honest evaluation team).
 * Synchronized timing and rotation among accounts that all declare one org are discounted like
 * in-org infrastructure (30%, 0 in an open team): a team runs its jobs in parallel.
 *
 * Exclusive template kit: several templates that carry findings and are sent almost only by
 * members, by many distinct identities (accounts not joined by a declared org, a card or a main
 * IP), are an operator's private kit spread over accounts, even without shared infrastructure or
 * timing. One template is not enough (it may be a public one whose users are all here), nor is a
 * template much used outside the group or one without findings.
 *
 * Every evidence item carries the weight it added to B or C.
 */
import { createHash } from 'node:crypto';
import type { CampaignReport, Evidence } from '../report/model';
import { assessBehaviour, type AddEvidence } from './behaviour';
import { INFRA_BASE, infraValueWeight } from './graph';
import { findPivot, modelUse } from './pivot';
import { parseIpCached } from './ip';
import { infraSample, infraShare, timeSpan, type AccountProfile, type InfraKind } from './profile';
import { cmp, fmt, iso, pct, round, sumOf, tally, templateTally } from './tally';
import { clamp01, findBursts, findCoactivity, findRotation } from './timing';
import type { TemplateLookup } from './types';
import { UnionFind } from './unionFind';

export interface LinkContext {
  profiles: AccountProfile[];
  templates: TemplateLookup;
  /** Global value → account indices, per infrastructure kind. */
  infra: Record<InfraKind, Map<string, number[]>>;
  /** Template id → records and accounts over the whole log. */
  templateTotals: Map<string, { records: number; accounts: number }>;
  /** Records per account of a normal (not bot-like) account. */
  normalVolume: number;
  modelFirstSeen: Map<string, number>;
  logStart: number;
  threshold: number;
}

const MAX_PER_KIND = 3;
const INFRA_COEFFICIENT: Record<InfraKind, number> = { payment: 0.7, network: 0.45, subnet: 0.25, client: 0.25, org: 0.2 };
const INFRA_NOUN: Record<InfraKind, string> = { payment: 'payment methods', network: 'IPs', subnet: 'subnets', client: 'clients', org: 'orgs' };
const INFRA_DETAIL: Record<InfraKind, (k: number, v: string) => string> = {
  payment: (k, v) => `${k} accounts share payment ${v}`,
  network: (k, v) => `${k} accounts share IP ${v}`,
  subnet: (k, v) => `${k} accounts in ${v}`,
  client: (k, v) => `${k} accounts use client "${v.length > 80 ? v.slice(0, 77) + '...' : v}"`,
  org: (k, v) => `${k} accounts declare org ${v}`,
};

/** `pairSync`: mean timing evidence (0..1) over the community's linked pairs. */
export function describeCommunity(memberIdx: number[], ctx: LinkContext, pairSync: number): CampaignReport {
  const members = memberIdx.map((i) => ctx.profiles[i]).sort((a, b) => cmp(a.name, b.name));
  const accounts = members.map((m) => m.name);
  const size = members.length;
  const records = sumOf(members, (m) => m.agg.records);
  const evidence: Evidence[] = [];
  const add: AddEvidence = (kind, detail, who, weight) => evidence.push({ kind, detail, accounts: [...who].sort(), weight: round(weight, 3) });

  const behaviour = assessBehaviour(members, ctx.templates, add);

  const corroboration: number[] = [];
  const corroborate: AddEvidence = (kind, detail, who, weight) => {
    // Discounted to nothing (in-org timing of an open team): still shown, counting 0.
    if (weight <= 0) return add(kind, detail, who, 0);
    corroboration.push(weight);
    add(kind, detail, who, weight);
  };
  const perAccount = records / size;
  const volume = clamp01(Math.log10(perAccount / ctx.normalVolume) / 2);
  const teams = teamsOf(members);
  const openTeam = teams.allInTeams && teams.sizes.length <= Math.max(1, Math.floor(size / 3)) && teams.sizes.every((n) => n <= 12) && behaviour.distillationFamilies <= 1;

  const inOrg = orgDiscount(teams.teamOf, openTeam);
  timingEvidence(members, pairSync, inOrg, corroborate);
  exclusiveTemplateEvidence(members, records, ctx, openTeam, corroborate);
  infrastructureEvidence(members, ctx, teams.teamOf, openTeam, add, corroborate);
  if (volume > 0) {
    corroborate('volume', `${fmt(Math.round(perAccount))} records per account, ${fmt(records)} in all (a normal account: ${fmt(Math.round(ctx.normalVolume))})`, accounts, 0.5 * volume);
  }
  if (behaviour.distillationFamilies >= 2) {
    const names = behaviour.families.slice(0, behaviour.distillationFamilies).map(([f]) => f);
    corroborate('family', `${names.length} detection families each on >= 5% of records: ${names.join(', ')}`, accounts, Math.min(0.6, 0.3 * (names.length - 1)));
  }
  // Scale: thousands of accounts acting alike is a signal on its own, a few dozen barely (no
  // evidence line: the size is reported).
  if (size >= 3 && !openTeam) corroboration.push(0.3 * clamp01(Math.log10(size / 3) / 3));
  const models = modelUse(members);
  const pivot = findPivot(members, models, ctx.modelFirstSeen, ctx.logStart);
  if (pivot) {
    corroborate('pivot', `${pct(pivot.share)} of traffic moved to model ${pivot.to} within ${pivot.withinHours} h of its first sighting (${iso(ctx.modelFirstSeen.get(pivot.to) ?? 0)})`, pivot.accounts, 0.6);
  }

  let coordination = 1 - corroboration.reduce((p, w) => p * (1 - clamp01(w)), 1);
  if (openTeam) coordination *= 0.5;
  const score = round(behaviour.score * (0.3 + 0.7 * coordination), 3);

  const { first, last } = timeSpan(members);
  evidence.sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || cmp(a.kind, b.kind) || cmp(a.detail, b.detail));
  return {
    id: campaignId(accounts),
    score,
    suspected: size >= 2 && score >= ctx.threshold,
    accounts,
    size,
    records,
    families: behaviour.families.map(([f]) => f),
    templates: behaviour.sharedTemplates,
    firstSeen: first >= 0 ? iso(first) : null,
    lastSeen: last >= 0 ? iso(last) : null,
    models: models.map((m) => ({ model: m.model, records: m.records, firstSeen: m.first >= 0 ? iso(m.first) : null })),
    pivot: pivot ? { to: pivot.to, share: pivot.share, withinHours: pivot.withinHours } : null,
    evidence,
  };
}

export function campaignId(sortedAccounts: string[]): string {
  return 'c-' + createHash('sha1').update(sortedAccounts.join('\n')).digest('hex').slice(0, 10);
}

/**
 * The team each member belongs to, as a label for evidence notes: its org when it declares exactly
 * one ("org acme"); failing any declared org, a small group that all send most of their traffic from
 * one site and share no card is one team ("one address 192.0.2.7, no org declared"): a team's
 * several API keys, not accounts spread to dodge limits. Sizes of the teams.
 */
function teamsOf(members: AccountProfile[]) {
  const teamOf = new Map<string, string>();
  for (const m of members) if (m.agg.orgs.size === 1) teamOf.set(m.name, `org ${[...m.agg.orgs.keys()][0]}`);
  if (teamOf.size === 0) {
    const site = oneSite(members);
    if (site !== null) for (const m of members) teamOf.set(m.name, `${site}, no org declared`);
  }
  const sizes = [...tally(members, (m) => (teamOf.has(m.name) ? [[teamOf.get(m.name)!, 1, 0]] : []))].map(([, u]) => u.accounts.size);
  return { teamOf, sizes, allInTeams: teamOf.size === members.length };
}

/** At most this many accounts make a site team. */
const SITE_TEAM_MAX = 12;
/** ... each sending at least this share of its traffic from the site's subnet (no rotation). */
const SITE_SHARE = 0.5;
/** ... through at most this many addresses: an office or campus NAT pool, not a proxy range. */
const SITE_ADDRESSES_MAX = 8;
/** An address counts as one of an account's own when at least this share of its traffic uses it. */
const SITE_ADDRESS_SHARE = 0.05;

/**
 * The site every member mainly sends from, described ("one address 192.0.2.7", "one network
 * 192.0.2.0/24 (4 addresses)"), or null. A site is one subnet holding at least half of each
 * member's traffic, reached through a small pool of addresses the members share among themselves
 * (a NAT pool hands each person's requests to any of its addresses). Behind a pool of several
 * addresses, at least half the members also hold a conversation (a multi-turn record that is no
 * scripted run): people at one site also chat, while scripted accounts taking turns through two or
 * three proxies of one range look the same on the network. Accounts that each keep their own
 * address in one range (rented servers, one per account) are no site. The members' cards must
 * be their own or one card they all use (one operator's billing): a card shared by some members
 * only, across accounts that look unrelated otherwise, is campaign evidence.
 */
function oneSite(members: AccountProfile[]): string | null {
  if (members.length < 2 || members.length > SITE_TEAM_MAX) return null;
  let site: string | null = null;
  for (const m of members) {
    const main = mainValue(m, 'subnet');
    if (main === null || main.share < SITE_SHARE || (site !== null && main.value !== site)) return null;
    site = main.value;
  }
  const addresses = new Map<string, number>();
  const sharing = new UnionFind(members.length);
  members.forEach((m, i) => {
    for (const ip of infraSample(m, 'network').keys()) {
      if (infraShare(m, 'network', ip) < SITE_ADDRESS_SHARE || parseIpCached(ip)?.subnet !== site) continue;
      addresses.set(ip, (addresses.get(ip) ?? 0) + 1);
      sharing.joinOnKey(ip, i);
    }
  });
  if (addresses.size === 0 || addresses.size > SITE_ADDRESSES_MAX) return null;
  if (members.some((_, i) => sharing.find(i) !== sharing.find(0))) return null;
  if (addresses.size > 1 && 2 * members.filter((m) => Math.round((1 - m.oneShot) * m.agg.records) >= 1).length < members.length) return null;
  const cardHolders = new Map<string, number>();
  for (const m of members) {
    for (const card of infraSample(m, 'payment').keys()) {
      if (infraShare(m, 'payment', card) >= MAIN_SHARE) cardHolders.set(card, (cardHolders.get(card) ?? 0) + 1);
    }
  }
  for (const holders of cardHolders.values()) if (holders >= 2 && holders < members.length) return null;
  return addresses.size === 1 ? `one address ${[...addresses.keys()][0]}` : `one network ${site} (${addresses.size} addresses)`;
}

/** The value of a kind through which the account sends most of its traffic, with that share. */
function mainValue(m: AccountProfile, kind: InfraKind): { value: string; share: number } | null {
  let best: { value: string; share: number } | null = null;
  for (const value of infraSample(m, kind).keys()) {
    const share = infraShare(m, kind, value);
    if (best === null || share > best.share) best = { value, share };
  }
  return best;
}

/** Share of the evidence kept when `who` all declare one org (null: no such org). */
type OrgDiscount = (who: Iterable<string>) => { factor: number; org: string | null };

function orgDiscount(teamOf: Map<string, string>, openTeam: boolean): OrgDiscount {
  return (who) => {
    const declared = new Set([...who].map((a) => teamOf.get(a)));
    const [org] = declared;
    return declared.size === 1 && org !== undefined ? { factor: openTeam ? 0 : 0.3, org } : { factor: 1, org: null };
  };
}

/**
 * Synchronized timing, one evidence line for the strongest reading: minutes in which most members
 * are active together, hour/minute co-activity beyond what independent accounts would give, or
 * the linked pairs' minute overlap beyond chance. Then round-robin rotation. Accounts that all
 * declare one org count less (see orgDiscount): a team runs its evaluation jobs in parallel.
 */
function timingEvidence(members: AccountProfile[], pairSync: number, inOrg: OrgDiscount, corroborate: AddEvidence): void {
  const size = members.length;
  const accounts = members.map((m) => m.name);
  const bursts = findBursts(members);
  const inBursts = bursts.accounts.length >= bursts.minActive && bursts.minutes.length >= 3;
  const burstSync = inBursts ? clamp01((2 * bursts.minutes.length) / bursts.sampled) * (bursts.accounts.length / size) : 0;
  const co = findCoactivity(members);
  const coSync = co?.score ?? 0;
  const sync = Math.max(pairSync, burstSync, coSync);
  const team = inOrg(accounts);
  const note = team.org === null ? '' : ` (all in ${team.org}: counts ${pct(team.factor)})`;
  if (co && coSync === sync && coSync > 0.1) {
    const examples = co.examples.map(([t, n]) => `${iso(t)} (${n} accounts)`).join(', ');
    corroborate('timing', `${co.bucket} bursts: ${co.together.toFixed(1)} of ${size} accounts active in the same ${co.bucket} on average over ${co.sampled} sampled active ${co.bucket}s, vs ${co.expected.toFixed(1)} if they acted independently (${co.lift.toFixed(1)}×), e.g. ${examples}${note}`, accounts, 0.85 * sync * team.factor);
  } else if (inBursts) {
    const examples = bursts.minutes.slice(0, 3).map((m) => iso(m * 60_000)).join(', ');
    const bursting = inOrg(bursts.accounts);
    const burstNote = bursting.org === null ? '' : ` (all in ${bursting.org}: counts ${pct(bursting.factor)})`;
    corroborate('timing', `bursts: ${bursts.accounts.length} accounts active in the same ${bursts.minutes.length} of ${bursts.sampled} sampled minutes (>= ${bursts.minActive} members in each), e.g. ${examples}${burstNote}`, bursts.accounts, 0.85 * sync * bursting.factor);
  } else if (sync >= 0.2) {
    corroborate('timing', `synchronized: linked pairs are active in the same minutes ${pct(sync)} beyond chance${note}`, accounts, 0.85 * sync * team.factor);
  }
  rotationEvidence(members, team.factor, note, corroborate);
}

function rotationEvidence(members: AccountProfile[], factor: number, note: string, corroborate: AddEvidence): void {
  const size = members.length;
  const rotation = findRotation(members);
  if (rotation && rotation.score > 0.1) {
    const unit = rotation.bucket;
    corroborate(
      'rotation',
      `rotation: ${size} accounts take turns — about ${rotation.onShift.toFixed(1)} active per ${unit} (dispersion ${rotation.dispersion.toFixed(2)}), each in ${pct(rotation.meanDuty)} of the group's active ${unit}s on average, while the group is active in ${pct(rotation.coverage)} of ${fmt(rotation.spanBuckets)} ${unit}s${note}`,
      members.map((m) => m.name),
      0.8 * rotation.score * factor,
    );
  }
}

/** A template is exclusive to the group when at least this share of its records and accounts are members. */
export const EXCLUSIVE_SHARE = 0.8;
/** ... and carries findings when at least this share of the members' records of it do. */
export const KIT_FINDING_SHARE = 0.3;
/** A card or address through which an account sends at least this share of its traffic is its own. */
const MAIN_SHARE = 0.25;

/**
 * The exclusive template kit (see the header): weight 0.6 × identities × kit × coverage, where
 * identities grows from 2 to 32 distinct identities (log scale), kit from one template (0) to three
 * or more (1), and coverage is twice the share of the group's records in the kit (at most 1).
 */
function exclusiveTemplateEvidence(members: AccountProfile[], records: number, ctx: LinkContext, openTeam: boolean, corroborate: AddEvidence): void {
  const use = templateTally(members, ctx.templates);
  const kit: { id: string; share: number; records: number; accounts: Set<string> }[] = [];
  for (const [id, u] of use) {
    if (u.accounts.size < 2 || u.flagged < KIT_FINDING_SHARE * u.records) continue;
    const total = ctx.templateTotals.get(id);
    if (!total) continue;
    const share = Math.min(u.records / total.records, u.accounts.size / total.accounts);
    if (share >= EXCLUSIVE_SHARE) kit.push({ id, share, records: u.records, accounts: u.accounts });
  }
  if (kit.length === 0) return;
  kit.sort((a, b) => b.records - a.records || cmp(a.id, b.id));
  const senders = new Set(kit.flatMap((t) => [...t.accounts]));
  const identities = countIdentities(members.filter((m) => senders.has(m.name)));
  const inKit = sumOf(kit, (t) => t.records);
  const identityFactor = clamp01(Math.log(identities / 2) / Math.log(16));
  const kitFactor = clamp01((kit.length - 1) / 2);
  const coverage = clamp01((2 * inKit) / records);
  const weight = openTeam ? 0 : 0.6 * identityFactor * kitFactor * coverage;
  const minShare = Math.min(...kit.map((t) => t.share));
  const ids = kit.slice(0, MAX_PER_KIND).map((t) => t.id).join(', ') + (kit.length > MAX_PER_KIND ? ', …' : '');
  const detail =
    `exclusive kit: ${kit.length} template${kit.length > 1 ? 's' : ''} carrying findings (${ids}), each with >= ${pct(minShare)} of its records and accounts in this group, ` +
    `sent by ${senders.size} accounts of ${identities} distinct identit${identities === 1 ? 'y' : 'ies'} (not joined by a declared org, a card or a main IP); ${pct(inKit / records)} of ${fmt(records)} records`;
  // A kit that counts nothing (one template, one identity, an open team) is not worth a line.
  if (weight > 0) corroborate('template', detail, [...senders], weight);
}

/**
 * Distinct identities among accounts: accounts that declare the same org, or send at least a
 * quarter of their traffic through the same card or IP (a company, one app's backend, one NAT),
 * are one identity. Proxy exits an account rotates through are not its own and join nobody.
 */
function countIdentities(accounts: AccountProfile[]): number {
  const identities = new UnionFind(accounts.length);
  accounts.forEach((p, i) => {
    for (const org of p.agg.orgs.keys()) identities.joinOnKey(`org\u0000${org}`, i);
    for (const kind of ['payment', 'network'] as const) {
      for (const value of infraSample(p, kind).keys()) if (infraShare(p, kind, value) >= MAIN_SHARE) identities.joinOnKey(`${kind}\u0000${value}`, i);
    }
  });
  return accounts.filter((_, i) => identities.find(i) === i).length;
}

/**
 * Shared payment, IP, subnet, client and org values among members, weighed by how many accounts
 * share them in the whole log and who they are; values explained by one declared org count less.
 */
function infrastructureEvidence(members: AccountProfile[], ctx: LinkContext, teamOf: Map<string, string>, openTeam: boolean, add: AddEvidence, corroborate: AddEvidence): void {
  const explainedBy = (who: Set<string>): string | null => {
    const declared = new Set([...who].map((a) => teamOf.get(a)));
    const [org] = declared;
    return declared.size === 1 && org !== undefined ? org : null;
  };
  for (const kind of Object.keys(INFRA_BASE) as InfraKind[]) {
    const values = tally(members, (m) => [...infraSample(m, kind)].map(([v, n]) => [v, n, 0]));
    const ranked = [...values].filter(([, u]) => u.accounts.size >= 2).sort((a, b) => b[1].accounts.size - a[1].accounts.size || cmp(a[0], b[0]));
    const items = ranked.slice(0, MAX_PER_KIND).map(([value, u]) => {
      const global = ctx.infra[kind].get(value) ?? [];
      const valueWeight = infraValueWeight(kind, global.map((i) => ctx.profiles[i])) / INFRA_BASE[kind];
      const org = explainedBy(u.accounts);
      const discount = org === null ? 1 : openTeam || kind === 'org' ? 0 : 0.3;
      const elsewhere = global.length > u.accounts.size ? ` (${fmt(global.length)} accounts in the whole log)` : '';
      const note = org === null ? '' : kind === 'org' ? ' (declared openly)' : ` (all in ${org}${openTeam ? ': expected inside an open team' : ''})`;
      return {
        detail: INFRA_DETAIL[kind](u.accounts.size, value) + elsewhere + note,
        accounts: [...u.accounts],
        weight: INFRA_COEFFICIENT[kind] * (u.accounts.size / members.length) * valueWeight * discount,
      };
    });
    // Only the strongest value of a kind counts (as in the graph): three browser strings shared by
    // three sets of accounts are not three times the evidence.
    const best = items.reduce((b, item) => (item.weight > b ? item.weight : b), 0);
    if (ranked.length > 1) {
      const covered = new Set(ranked.flatMap(([, u]) => [...u.accounts]));
      add(kind, `${covered.size} accounts share ${ranked.length} ${INFRA_NOUN[kind]} with other members`, [...covered], 0);
    }
    const countedIndex = best > 0 ? items.findIndex((item) => item.weight === best) : -1;
    items.forEach((item, i) => (i === countedIndex ? corroborate : add)(kind, item.detail, item.accounts, i === countedIndex ? item.weight : 0));
  }
}
