/**
 * B, the behaviour factor of a community: is this distillation-shaped traffic?
 *   B = (0.25 + 0.75 × one-shot share) × (0.75 × max(concentration, finding share) + 0.25 × min(...)) × content
 * where concentration is the share of records in templates (or paraphrase families) that two or
 * more members send, finding share the share of records with detection findings, and content
 * (contentFactor) lowers a community whose records carry almost no findings.
 *
 * Both shares are counted per conversation for scripted conversations (see profile.ts): a staged
 * chat whose templated last turn asks for the extraction is one-shot work spread over a few calls,
 * so its opener and middle turns neither count as honest conversation nor dilute the findings.
 * Honest conversations (no templated closing turn that carries a finding) are counted as before.
 */
import type { EvidenceKind } from '../report/model';
import type { AccountProfile } from './profile';
import { templateId } from './profile';
import { cmp, fmt, pct, sumOf, tally, templateTally, type Tally } from './tally';
import type { TemplateLookup } from './types';

const MAX_PER_KIND = 3;

export type AddEvidence = (kind: EvidenceKind, detail: string, accounts: string[], weight: number) => void;

export interface Behaviour {
  score: number;
  oneShot: number;
  /** Detection families by records, most first. */
  families: [string, Tally][];
  /** Detection families on >= 5% of the records. */
  distillationFamilies: number;
  /** Ids of templates two or more members send, by records. */
  sharedTemplates: string[];
}

export function assessBehaviour(members: AccountProfile[], templates: TemplateLookup, add: AddEvidence): Behaviour {
  const records = sumOf(members, (m) => m.agg.records);
  const accounts = members.map((m) => m.name);
  const oneShot = Math.min(1, sumOf(members, (m) => m.oneShot * m.agg.records) / records);
  const findingShare = Math.min(1, sumOf(members, (m) => m.findings * m.agg.records) / records);
  const scripted = members.filter((m) => m.scripted > 0);
  const byRecords = (a: [string, { records: number }], b: [string, { records: number }]) => b[1].records - a[1].records || cmp(a[0], b[0]);

  const templateUse = templateTally(members, templates);
  const shared = [...templateUse].filter(([, u]) => u.accounts.size >= 2).sort(byRecords);
  const familyTemplates = new Map<string, Set<string>>();
  const familyUse = tally(members, (m) =>
    [...m.agg.templateUses()].flatMap(([k, [n, f]]): [string, number, number][] => {
      const info = templates(k);
      if (!info?.family) return [];
      familyTemplates.set(info.family, (familyTemplates.get(info.family) ?? new Set()).add(info.id));
      return [[info.family, n, f]];
    }),
  );
  const sharedFamilies = [...familyUse].filter(([, u]) => u.accounts.size >= 2).sort(byRecords);
  const concentration = Math.min(1, Math.max(sumOf(shared, ([, u]) => u.records), sumOf(sharedFamilies, ([, u]) => u.records)) / records);
  const narrow = 0.75 * Math.max(concentration, findingShare) + 0.25 * Math.min(concentration, findingShare);

  const families = [...tally(members, (m) => [...m.agg.families].map(([f, n]) => [f, n, 0]))].sort(byRecords);

  for (const [id, u] of shared.slice(0, MAX_PER_KIND)) {
    const size = overallSize(id, members, templates);
    const overall = size > u.records ? ` of ${fmt(size)} overall` : '';
    const flagged = u.flagged > 0 ? `; ${pct(u.flagged / u.records)} carry findings` : '';
    add('template', `${u.accounts.size} accounts send template ${id} (${fmt(u.records)} records${overall}${flagged})`, [...u.accounts], 0.75 * (u.records / records));
  }
  for (const [id, u] of sharedFamilies.slice(0, MAX_PER_KIND)) {
    const count = familyTemplates.get(id)?.size ?? 0;
    if (count < 2) continue;
    add('family', `${u.accounts.size} accounts send ${count} templates of paraphrase family ${id} (${fmt(u.records)} records)`, [...u.accounts], 0.75 * (u.records / records));
  }
  for (const [family, u] of families.slice(0, MAX_PER_KIND)) {
    add('family', `${pct(u.records / records)} of ${fmt(records)} records carry ${family} findings (${u.accounts.size} accounts)`, [...u.accounts], 0.75 * (u.records / records));
  }
  if (scripted.length > 0) {
    const closing = sumOf(scripted, (m) => m.scripted);
    const credited = sumOf(scripted, (m) => m.scriptedOpeners + m.scriptedMiddles);
    const share = (closing + credited) / records;
    add('behaviour', `${fmt(closing)} conversations close with a templated turn other accounts send that carries findings; with their ${fmt(credited)} earlier turns logged as records they are ${pct(share)} of ${fmt(records)} records, counted as scripted, not conversation`, scripted.map((m) => m.name), 0.75 * share);
  }
  if (oneShot >= 0.5) add('behaviour', `${pct(oneShot)} of ${fmt(records)} records are single-turn${scripted.length > 0 ? ' or scripted' : ''} (no conversation)`, accounts, 0.75 * oneShot);
  const content = contentFactor(findingShare);
  if (content < 1) {
    add('behaviour', `only ${pct(findingShare)} of ${fmt(records)} records carry detection findings: a templated crowd without distillation content counts ${pct(content)}`, accounts, 0);
  }

  return {
    score: (0.25 + 0.75 * oneShot) * narrow * content,
    oneShot,
    families,
    distillationFamilies: families.filter(([, u]) => u.records >= 0.05 * records).length,
    sharedTemplates: shared.map(([id]) => id),
  };
}

/** Below this share of records with findings, shared templates alone weigh less. */
const CONTENT_SHARE = 0.05;

/**
 * Shared templates stand in for findings in B, but a crowd that sends the same prompt and asks for
 * nothing the rules recognise (a classroom, a labeling pipeline) is not distillation-shaped on
 * that alone: from 60 % with no findings to full weight at CONTENT_SHARE.
 */
function contentFactor(findingShare: number): number {
  return 0.6 + 0.4 * Math.min(1, findingShare / CONTENT_SHARE);
}

/** The template's size over the whole log, from the miner. */
function overallSize(id: string, members: AccountProfile[], templates: TemplateLookup): number {
  for (const m of members) {
    for (const [key] of m.agg.templateUses()) if (templateId(key, templates) === id) return templates(key)?.size ?? 0;
  }
  return 0;
}
