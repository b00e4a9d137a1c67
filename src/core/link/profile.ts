/** What finish() derives once per account: behaviour shares and content distribution. */
import type { AccountAggregate } from './account';
import type { BottomK } from './bottomK';
import { hashString } from './hash';
import type { TemplateInfo, TemplateLookup } from './types';

export interface AccountProfile {
  name: string;
  agg: AccountAggregate;
  /** Share of records with at most one turn (no conversation), or in a scripted conversation. */
  oneShot: number;
  /** Share of records carrying a detection finding, or in a conversation that closes with one. */
  findings: number;
  /**
   * Scripted conversations: multi-turn records whose last turn is in a template other accounts
   * send too and carries a finding (the extraction request closing a staged chat).
   */
  scripted: number;
  /** Records credited to scripted conversations: their middle turns (and, for findings, openers). */
  scriptedMiddles: number;
  scriptedOpeners: number;
  /** Share of records in the account's three most used templates. */
  top3: number;
  /** 0..1: one-shot and narrow (templated or flagged) — how bot-like the traffic is. */
  automation: number;
  /** Template id → share of the account's records. */
  templateShares: Shares;
  /** Paraphrase-family id → share of the account's records. */
  familyShares: Shares;
  /** Order for sparse linking, independent of input order. */
  hash: number;
  /** Share of minutes in its own active span in which the account sent something. */
  minuteRate: number;
}

/**
 * Id → share for the few dozen ids of one account (its template sample is capped): two trimmed
 * arrays searched linearly, instead of two Maps per account for the whole linking (58k accounts
 * at 1M records).
 */
export class Shares {
  private ids: string[] = [];
  private amounts: number[] = [];

  get(id: string): number | undefined {
    const at = this.ids.indexOf(id);
    return at < 0 ? undefined : this.amounts[at];
  }

  /** Adds `share` to the id's share, capped at `max`. */
  add(id: string, share: number, max = Infinity): void {
    const at = this.ids.indexOf(id);
    if (at >= 0) this.amounts[at] = Math.min(max, this.amounts[at] + share);
    else {
      this.ids.push(id);
      this.amounts.push(Math.min(max, share));
    }
  }

  keys(): readonly string[] {
    return this.ids;
  }

  /** Drops the spare room that growing left (the lists are kept for the whole linking). */
  trim(): void {
    this.ids = this.ids.slice();
    this.amounts = this.amounts.slice();
  }

  values(): readonly number[] {
    return this.amounts;
  }
}

export function buildProfile(name: string, agg: AccountAggregate, templates: TemplateLookup): AccountProfile {
  const n = Math.max(1, agg.records);
  const templateShares = new Shares();
  const familyShares = new Shares();
  // The three largest template counts, largest first.
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let scripted = 0;
  let earlier = 0;
  for (const [key, [count, , closing = 0, before = 0]] of agg.templateUses()) {
    const info = templates(key);
    if (isScript(count, closing, info)) {
      scripted += closing;
      earlier += before;
    }
    const id = info?.id ?? templateId(key, templates);
    templateShares.add(id, count / n);
    if (info?.family) familyShares.add(info.family, count / n);
    if (count > c0) [c0, c1, c2] = [count, c0, c1];
    else if (count > c1) [c1, c2] = [count, c1];
    else if (count > c2) c2 = count;
  }
  const top3 = c0 / n + c1 / n + c2 / n;
  // A scripted conversation's earlier turns, when the log holds them as records of their own (span
  // and gateway logs write one record per call), are part of the same extraction and not an honest
  // chat: its opener is a single-turn record, its middle turns multi-turn ones. Credit no more of
  // them than the account has (a log of final calls only holds none).
  const multiTurn = agg.records - agg.singleTurn;
  const scriptedOpeners = Math.min(scripted, agg.singleTurn);
  const scriptedMiddles = Math.max(0, Math.min(earlier - scripted, multiTurn - scripted));
  const oneShot = Math.min(1, (agg.singleTurn + scripted + scriptedMiddles) / n);
  const findings = Math.min(1, (agg.withFindings + scriptedOpeners + scriptedMiddles) / n);
  // Content is compared per conversation as well: the calls credited to scripted conversations
  // count towards their closing template (in proportion to the turns before it), so two accounts
  // running the same script overlap by their whole conversations, not only by the closing calls.
  const credit = scriptedOpeners + scriptedMiddles;
  if (credit > 0 && earlier > 0) {
    for (const [key, [count, , closing = 0, before = 0]] of agg.templateUses()) {
      const info = templates(key);
      if (before === 0 || !isScript(count, closing, info)) continue;
      const extra = (credit * before) / earlier / n;
      const id = info?.id ?? templateId(key, templates);
      templateShares.add(id, extra, 1);
      if (info?.family) familyShares.add(info.family, extra, 1);
    }
  }
  templateShares.trim();
  familyShares.trim();
  return {
    name,
    agg,
    oneShot,
    findings,
    scripted,
    scriptedMiddles,
    scriptedOpeners,
    top3,
    automation: oneShot * Math.max(top3, findings),
    templateShares,
    familyShares,
    hash: hashString(name),
    minuteRate: agg.minuteRate(),
  };
}

/**
 * A template closes scripted conversations when other accounts send it too and nearly all of the
 * account's records of it are multi-turn closing turns with findings: a follow-up that only makes
 * sense after earlier turns ("now explain the reasoning behind that answer"). A task template the
 * account also sends on its own (a judge prompt, sometimes discussed in a chat) is not one.
 */
function isScript(records: number, closing: number, info: TemplateInfo | undefined): boolean {
  return closing > 0 && closing >= SCRIPT_SHARE * records && (info?.accounts ?? 0) >= 2;
}
const SCRIPT_SHARE = 0.8;

export function templateId(key: number, templates: TemplateLookup): string {
  return templates(key)?.id ?? `template#${key}`;
}

/**
 * How alike two accounts behave (1 = same profile). Shared infrastructure between a bot-like and a
 * conversational account (a campaign and an honest customer on one proxy exit) counts for little.
 */
export function compatibility(a: AccountProfile, b: AccountProfile): number {
  const d = Math.max(Math.abs(a.oneShot - b.oneShot), Math.abs(a.findings - b.findings), Math.abs(a.top3 - b.top3));
  return (1 - Math.min(1, d)) ** 2;
}

export type InfraKind = 'payment' | 'network' | 'subnet' | 'client' | 'org';

export function infraSample(p: AccountProfile, kind: InfraKind): BottomK<string, number> {
  const a = p.agg;
  return kind === 'payment' ? a.payments : kind === 'network' ? a.ips : kind === 'subnet' ? a.subnets : kind === 'client' ? a.clients : a.orgs;
}

/** Share of the account's records that went through the value. */
export function infraShare(p: AccountProfile, kind: InfraKind, value: string): number {
  return (infraSample(p, kind).get(value) ?? 0) / Math.max(1, p.agg.records);
}

/**
 * How much two accounts rely on one infrastructure value: full when each sends at least a quarter
 * of its traffic through it (a shared card, a dedicated address, a NAT), small when it is one exit
 * among dozens the account rotates through (a proxy pool).
 */
export function strengthOfShares(a: number, b: number): number {
  return Math.sqrt(Math.min(1, 4 * Math.min(a, b)));
}

/** Earliest first and latest last record time over accounts (-1 when none had a time). */
export function timeSpan(profiles: AccountProfile[]): { first: number; last: number } {
  let first = -1;
  let last = -1;
  for (const p of profiles) {
    if (p.agg.first < 0) continue;
    if (first < 0 || p.agg.first < first) first = p.agg.first;
    if (p.agg.last > last) last = p.agg.last;
  }
  return { first, last };
}
