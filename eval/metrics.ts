/**
 * Scores of an analysis report against a generated scenario's truth.
 *
 * Template grouping (records compared as partitions):
 * - true group of a record = its true template id; a prompt with no template is its own group,
 *   except that byte-identical prompts (same `promptHash`) form one group (a miner may rightly join them);
 * - predicted group = the report's template id; `template: null` means a singleton;
 * - **accuracy** = share of records r whose groups match both ways: the true group that most of r's
 *   predicted group holds is r's true group, AND the predicted group that most of r's true group went
 *   to is r's predicted group (ties: larger count, then smaller id). Over-merging and over-splitting
 *   both cost the minority part;
 * - also pairwise precision / recall / F1 over record pairs and the adjusted Rand index.
 * Detection families: per family, record-level precision and recall of `records[].findings[].family`.
 * Campaigns: precision / recall of the accounts in suspected campaigns, pairwise F1 of the account
 * grouping (pairs of accounts in the same suspected campaign vs the same true campaign), hard-negative
 * accounts flagged (in any suspected campaign), and per true campaign its best-matching suspected
 * campaign and whether that one reports the pivot to the right model.
 */
import * as path from 'node:path';
import type { CampaignTruth, ScenarioTruth, TruthLine } from './generator/model';
import type { Report } from '../src/core/report/model';

export interface PairwiseScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface GroupingScore {
  records: number;
  accuracy: number;
  pairwise: PairwiseScore;
  ari: number;
  trueGroups: number;
  predictedGroups: number;
}

const choose2 = (n: number) => (n * (n - 1)) / 2;
const ratio = (num: number, den: number, empty = 1) => (den === 0 ? empty : num / den);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function majority(counts: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

/** Score a predicted partition against a true one; `items[i]` gives both labels of one element. */
export function groupingScore(items: ReadonlyArray<{ truth: string; predicted: string }>): GroupingScore {
  const byPred = new Map<string, Map<string, number>>();
  const byTrue = new Map<string, Map<string, number>>();
  const cells = new Map<string, number>();
  for (const { truth, predicted } of items) {
    const p = byPred.get(predicted) ?? new Map<string, number>();
    p.set(truth, (p.get(truth) ?? 0) + 1);
    byPred.set(predicted, p);
    const t = byTrue.get(truth) ?? new Map<string, number>();
    t.set(predicted, (t.get(predicted) ?? 0) + 1);
    byTrue.set(truth, t);
    const cell = `${truth}\u0000${predicted}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
  }
  const predMajority = new Map([...byPred].map(([k, v]) => [k, majority(v)]));
  const trueMajority = new Map([...byTrue].map(([k, v]) => [k, majority(v)]));
  let correct = 0;
  for (const { truth, predicted } of items) {
    if (predMajority.get(predicted) === truth && trueMajority.get(truth) === predicted) correct++;
  }
  const sizes = (m: Map<string, Map<string, number>>) => [...m.values()].map((v) => [...v.values()].reduce((a, b) => a + b, 0));
  const samePairs = [...cells.values()].reduce((s, n) => s + choose2(n), 0);
  const predPairs = sizes(byPred).reduce((s, n) => s + choose2(n), 0);
  const truePairs = sizes(byTrue).reduce((s, n) => s + choose2(n), 0);
  const precision = ratio(samePairs, predPairs);
  const recall = ratio(samePairs, truePairs);
  const all = choose2(items.length);
  const expected = all === 0 ? 0 : (predPairs * truePairs) / all;
  const maxIndex = (predPairs + truePairs) / 2;
  const ari = maxIndex === expected ? 1 : (samePairs - expected) / (maxIndex - expected);
  return {
    records: items.length,
    accuracy: ratio(correct, items.length),
    pairwise: { precision, recall, f1: f1Of(precision, recall) },
    ari,
    trueGroups: byTrue.size,
    predictedGroups: byPred.size,
  };
}

export interface FamilyScore {
  truth: number;
  predicted: number;
  truePositives: number;
  /** null when nothing was predicted (or nothing was true, for recall). */
  precision: number | null;
  recall: number | null;
}

/** Record-level precision / recall per detection family. */
export function familyScores(rows: ReadonlyArray<{ truth: readonly string[]; predicted: readonly string[] }>): Record<string, FamilyScore> {
  const out: Record<string, FamilyScore> = {};
  const get = (family: string) => (out[family] ??= { truth: 0, predicted: 0, truePositives: 0, precision: null, recall: null });
  for (const { truth, predicted } of rows) {
    const t = new Set(truth);
    const p = new Set(predicted);
    for (const f of t) get(f).truth++;
    for (const f of p) {
      get(f).predicted++;
      if (t.has(f)) get(f).truePositives++;
    }
  }
  for (const s of Object.values(out)) {
    s.precision = s.predicted === 0 ? null : s.truePositives / s.predicted;
    s.recall = s.truth === 0 ? null : s.truePositives / s.truth;
  }
  return out;
}

export interface PredictedCampaign {
  id: string;
  accounts: readonly string[];
  score: number;
  suspected: boolean;
  pivot: null | { to: string };
}

export interface CampaignMatch {
  campaign: string;
  style: string;
  accounts: number;
  /** Share of its accounts that are in some suspected campaign. */
  accountRecall: number;
  /** The suspected campaign holding most of its accounts. */
  matchedBy: string | null;
  /** Share of the matched campaign's accounts that belong to this true campaign. */
  matchPurity: number | null;
  pivotExpected: boolean;
  /** Pivot reported to the right model (null when the campaign does not pivot and none was reported). */
  pivotDetected: boolean | null;
}

export interface CampaignScores {
  accountPrecision: number;
  accountRecall: number;
  accountF1: number;
  pairwise: PairwiseScore;
  suspected: number;
  perCampaign: CampaignMatch[];
  hardNegatives: { flagged: number; total: number; share: number; byKind: Record<string, { flagged: number; total: number }> };
  /** Suspected campaigns none of whose accounts belongs to a true campaign (pure false alarms). */
  unmatchedSuspected: number;
  falsePivots: number;
}

export function campaignScores(
  truth: ReadonlyArray<Pick<CampaignTruth, 'id' | 'style' | 'accounts' | 'pivot'>>,
  predicted: readonly PredictedCampaign[],
  hardNegatives: Partial<Record<string, readonly string[]>>,
): CampaignScores {
  const suspected = predicted.filter((c) => c.suspected).slice().sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const predOf = new Map<string, string>();
  for (const c of suspected) for (const a of c.accounts) if (!predOf.has(a)) predOf.set(a, c.id);
  const trueOf = new Map<string, string>();
  for (const c of truth) for (const a of c.accounts) trueOf.set(a, c.id);

  const flaggedTrue = [...trueOf.keys()].filter((a) => predOf.has(a)).length;
  const accountPrecision = ratio(flaggedTrue, predOf.size);
  const accountRecall = ratio(flaggedTrue, trueOf.size);

  const universe = new Set([...trueOf.keys(), ...predOf.keys()]);
  const pairs = groupingPairs([...universe].map((a) => ({ truth: trueOf.get(a) ?? null, predicted: predOf.get(a) ?? null })));

  const perCampaign = truth.map((c): CampaignMatch => {
    const overlap = new Map<string, number>();
    for (const a of c.accounts) {
      const p = predOf.get(a);
      if (p) overlap.set(p, (overlap.get(p) ?? 0) + 1);
    }
    const matchedBy = overlap.size > 0 ? majority(overlap) : null;
    const match = suspected.find((s) => s.id === matchedBy);
    const members = new Set(c.accounts);
    const pivotReported = match?.pivot ?? null;
    return {
      campaign: c.id,
      style: c.style,
      accounts: c.accounts.length,
      accountRecall: ratio(c.accounts.filter((a) => predOf.has(a)).length, c.accounts.length),
      matchedBy,
      matchPurity: match ? ratio(match.accounts.filter((a) => members.has(a)).length, match.accounts.length) : null,
      pivotExpected: c.pivot !== null,
      pivotDetected: c.pivot ? pivotReported?.to === c.pivot.to : pivotReported ? false : null,
    };
  });

  const byKind: Record<string, { flagged: number; total: number }> = {};
  let hnFlagged = 0;
  let hnTotal = 0;
  for (const [kind, accounts] of Object.entries(hardNegatives)) {
    const list = accounts ?? [];
    const flagged = list.filter((a) => predOf.has(a)).length;
    byKind[kind] = { flagged, total: list.length };
    hnFlagged += flagged;
    hnTotal += list.length;
  }
  const truthIds = new Set(perCampaign.map((m) => m.matchedBy));
  const unmatchedSuspected = suspected.filter((s) => !s.accounts.some((a) => trueOf.has(a))).length;
  const falsePivots = suspected.filter((s) => s.pivot && !truthIds.has(s.id)).length;
  return {
    accountPrecision,
    accountRecall,
    accountF1: f1Of(accountPrecision, accountRecall),
    pairwise: pairs,
    suspected: suspected.length,
    perCampaign,
    hardNegatives: { flagged: hnFlagged, total: hnTotal, share: ratio(hnFlagged, hnTotal, 0), byKind },
    unmatchedSuspected,
    falsePivots,
  };
}

/** Pairwise precision/recall where `null` labels are "in no group" (never paired). */
export function groupingPairs(items: ReadonlyArray<{ truth: string | null; predicted: string | null }>): PairwiseScore {
  const count = (keyOf: (i: { truth: string | null; predicted: string | null }) => string | null) => {
    const m = new Map<string, number>();
    for (const i of items) {
      const k = keyOf(i);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return [...m.values()].reduce((s, n) => s + choose2(n), 0);
  };
  const both = count((i) => (i.truth !== null && i.predicted !== null ? `${i.truth}\u0000${i.predicted}` : null));
  const precision = ratio(both, count((i) => i.predicted));
  const recall = ratio(both, count((i) => i.truth));
  return { precision, recall, f1: f1Of(precision, recall) };
}

export interface IngestScore {
  /** Truth records the report has a record for. */
  recordsFound: number;
  recordsExpected: number;
  /** Per file: do the report's record / malformed / blank counts match the truth? */
  filesMatching: number;
  files: number;
}

export interface ScenarioScores {
  ingest: IngestScore;
  templates: GroupingScore;
  /** The same on paraphrase families (report `families` vs truth `templateFamily`). */
  templateFamilies: GroupingScore;
  families: Record<string, FamilyScore>;
  /** Hard-negative records with any finding, per kind (what a reviewer would see flagged). */
  hardNegativeRecordsFlagged: Record<string, { flagged: number; total: number }>;
  campaigns: CampaignScores;
}

/** Everything above, from a report and the scenario truth (`truthLines`: absolute log path → lines). */
export function scoreScenario(report: Report, scenario: ScenarioTruth, truthLines: Map<string, TruthLine[]>): ScenarioScores {
  const byKey = new Map<string, NonNullable<Report['records']>[number]>();
  const byBase = new Map<string, NonNullable<Report['records']>[number]>();
  for (const r of report.records ?? []) {
    byKey.set(`${path.resolve(r.file)}:${r.line}`, r);
    byBase.set(`${path.basename(r.file)}:${r.line}`, r);
  }
  const familyOf = new Map<string, string>();
  for (const f of report.families) for (const t of f.templates) familyOf.set(t, f.id);

  const templateItems: { truth: string; predicted: string }[] = [];
  const familyItems: { truth: string; predicted: string }[] = [];
  const detectionRows: { truth: string[]; predicted: string[] }[] = [];
  const hnRecords: Record<string, { flagged: number; total: number }> = {};
  let found = 0;
  let expected = 0;
  let singleton = 0;
  for (const [file, lines] of truthLines) {
    for (const t of lines) {
      if (t.kind !== 'record') continue;
      expected++;
      const rec = byKey.get(`${file}:${t.line}`) ?? byBase.get(`${path.basename(file)}:${t.line}`);
      if (rec) found++;
      const own = `text:${t.promptHash}`;
      const predictedTemplate = rec?.template ?? `single:${singleton++}`;
      templateItems.push({ truth: t.template ?? own, predicted: predictedTemplate });
      familyItems.push({
        truth: t.templateFamily ?? own,
        predicted: rec?.template ? familyOf.get(rec.template) ?? rec.template : predictedTemplate,
      });
      const predictedFamilies = [...new Set((rec?.findings ?? []).map((f) => f.family))];
      detectionRows.push({ truth: t.families, predicted: predictedFamilies });
      if (t.hardNegative) {
        const h = (hnRecords[t.hardNegative] ??= { flagged: 0, total: 0 });
        h.total++;
        if (predictedFamilies.length > 0) h.flagged++;
      }
    }
  }
  const reportFiles = new Map(report.input.files.map((f) => [path.basename(f.path), f]));
  const filesMatching = scenario.files.filter((f) => {
    const r = reportFiles.get(f.name);
    return r !== undefined && r.records === f.records && r.malformed.length === f.malformed && r.blank === f.blank;
  }).length;
  return {
    ingest: { recordsFound: found, recordsExpected: expected, filesMatching, files: scenario.files.length },
    templates: groupingScore(templateItems),
    templateFamilies: groupingScore(familyItems),
    families: familyScores(detectionRows),
    hardNegativeRecordsFlagged: hnRecords,
    campaigns: campaignScores(
      scenario.campaigns,
      report.campaigns.map((c) => ({ id: c.id, accounts: c.accounts, score: c.score, suspected: c.suspected, pivot: c.pivot })),
      scenario.hardNegatives,
    ),
  };
}
