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
 * Every evidence item carries the weight it added to B or C.
 */
import { createHash } from 'node:crypto';
import type { CampaignReport, Evidence } from '../report/model';
import { assessBehaviour, type AddEvidence } from './behaviour';
import { INFRA_BASE, infraValueWeight } from './graph';
import { findPivot, modelUse } from './pivot';
import { infraSample, timeSpan, type AccountProfile, type InfraKind } from './profile';
import { cmp, fmt, iso, pct, round, sumOf, tally } from './tally';
import { clamp01, findBursts, findCoactivity, findRotation } from './timing';
import type { TemplateLookup } from './types';

export interface LinkContext {
  profiles: AccountProfile[];
  templates: TemplateLookup;
  /** Global value → account indices, per infrastructure kind. */
  infra: Record<InfraKind, Map<string, number[]>>;
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
    if (weight <= 0) return;
    corroboration.push(weight);
    add(kind, detail, who, weight);
  };
  const perAccount = records / size;
  const volume = clamp01(Math.log10(perAccount / ctx.normalVolume) / 2);
  const orgs = declaredOrgs(members);
  const openTeam = orgs.allDeclare && orgs.sizes.length <= Math.max(1, Math.floor(size / 3)) && orgs.sizes.every((n) => n <= 12) && behaviour.distillationFamilies <= 1;

  timingEvidence(members, pairSync, corroborate);
  infrastructureEvidence(members, ctx, orgs.orgOf, openTeam, add, corroborate);
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

/** Each member's org when it declares exactly one; sizes of the declared orgs. */
function declaredOrgs(members: AccountProfile[]) {
  const orgOf = new Map<string, string>();
  for (const m of members) if (m.agg.orgs.size === 1) orgOf.set(m.name, [...m.agg.orgs.keys()][0]);
  const sizes = [...tally(members, (m) => (orgOf.has(m.name) ? [[orgOf.get(m.name)!, 1, 0]] : []))].map(([, u]) => u.accounts.size);
  return { orgOf, sizes, allDeclare: orgOf.size === members.length };
}

/**
 * Synchronized timing, one evidence line for the strongest reading: minutes in which most members
 * are active together, hour/minute co-activity beyond what independent accounts would give, or
 * the linked pairs' minute overlap beyond chance. Then round-robin rotation.
 */
function timingEvidence(members: AccountProfile[], pairSync: number, corroborate: AddEvidence): void {
  const size = members.length;
  const accounts = members.map((m) => m.name);
  const bursts = findBursts(members);
  const inBursts = bursts.accounts.length >= bursts.minActive && bursts.minutes.length >= 3;
  const burstSync = inBursts ? clamp01((2 * bursts.minutes.length) / bursts.sampled) * (bursts.accounts.length / size) : 0;
  const co = findCoactivity(members);
  const coSync = co?.score ?? 0;
  const sync = Math.max(pairSync, burstSync, coSync);
  if (co && coSync === sync && coSync > 0.1) {
    const examples = co.examples.map(([t, n]) => `${iso(t)} (${n} accounts)`).join(', ');
    corroborate('timing', `${co.bucket} bursts: ${co.together.toFixed(1)} of ${size} accounts active in the same ${co.bucket} on average over ${co.sampled} sampled active ${co.bucket}s, vs ${co.expected.toFixed(1)} if they acted independently (${co.lift.toFixed(1)}×), e.g. ${examples}`, accounts, 0.85 * sync);
  } else if (inBursts) {
    const examples = bursts.minutes.slice(0, 3).map((m) => iso(m * 60_000)).join(', ');
    corroborate('timing', `bursts: ${bursts.accounts.length} accounts active in the same ${bursts.minutes.length} of ${bursts.sampled} sampled minutes (>= ${bursts.minActive} members in each), e.g. ${examples}`, bursts.accounts, 0.85 * sync);
  } else if (sync >= 0.2) {
    corroborate('timing', `synchronized: linked pairs are active in the same minutes ${pct(sync)} beyond chance`, accounts, 0.85 * sync);
  }
  rotationEvidence(members, corroborate);
}

function rotationEvidence(members: AccountProfile[], corroborate: AddEvidence): void {
  const size = members.length;
  const rotation = findRotation(members);
  if (rotation && rotation.score > 0.1) {
    const unit = rotation.bucket;
    corroborate(
      'rotation',
      `rotation: ${size} accounts take turns — about ${rotation.onShift.toFixed(1)} active per ${unit} (dispersion ${rotation.dispersion.toFixed(2)}), each in ${pct(rotation.meanDuty)} of the group's active ${unit}s on average, while the group is active in ${pct(rotation.coverage)} of ${fmt(rotation.spanBuckets)} ${unit}s`,
      members.map((m) => m.name),
      0.8 * rotation.score,
    );
  }
}

/**
 * Shared payment, IP, subnet, client and org values among members, weighed by how many accounts
 * share them in the whole log and who they are; values explained by one declared org count less.
 */
function infrastructureEvidence(members: AccountProfile[], ctx: LinkContext, orgOf: Map<string, string>, openTeam: boolean, add: AddEvidence, corroborate: AddEvidence): void {
  const explainedBy = (who: Set<string>): string | null => {
    const declared = new Set([...who].map((a) => orgOf.get(a)));
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
      const note = org === null ? '' : kind === 'org' ? ' (declared openly)' : ` (all in org ${org}${openTeam ? ': expected inside an open team' : ''})`;
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
