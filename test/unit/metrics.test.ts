import * as assert from 'node:assert/strict';
import type { ScenarioTruth, TruthLine } from '../../eval/generator/model';
import { campaignScores, familyScores, groupingPairs, groupingScore, scoreScenario } from '../../eval/metrics';
import type { Report } from '../../src/core/report/model';

const items = (truth: string[], predicted: string[]) => truth.map((t, i) => ({ truth: t, predicted: predicted[i] }));

describe('metrics: template grouping', () => {
  it('scores a perfect partition 1 whatever the ids are', () => {
    const s = groupingScore(items(['A', 'A', 'B', 'C'], ['x', 'x', 'y', 'z']));
    assert.equal(s.accuracy, 1);
    assert.equal(s.pairwise.f1, 1);
    assert.equal(s.ari, 1);
  });

  it('charges the minority of an over-merged group', () => {
    const s = groupingScore(items(['A', 'A', 'A', 'B'], ['x', 'x', 'x', 'x']));
    assert.equal(s.accuracy, 0.75);
    assert.equal(s.pairwise.precision, 0.5);
    assert.equal(s.pairwise.recall, 1);
  });

  it('charges the minority of an over-split group', () => {
    const s = groupingScore(items(['A', 'A', 'A', 'A'], ['x', 'x', 'x', 'y']));
    assert.equal(s.accuracy, 0.75);
    assert.equal(s.pairwise.precision, 1);
    assert.equal(s.pairwise.recall, 0.5);
  });

  it('counts untemplated prompts right only as singletons (or with their identical twins)', () => {
    const right = groupingScore(items(['text:1', 'text:2', 'text:2'], ['single:0', 'x', 'x']));
    assert.equal(right.accuracy, 1);
    const wrong = groupingScore(items(['text:1', 'text:2', 'text:3', 'T'], ['x', 'x', 'x', 'y']));
    assert.equal(wrong.accuracy, 0.5);
  });

  it('scores detection families per record', () => {
    const s = familyScores([
      { truth: ['r'], predicted: ['r'] },
      { truth: ['r'], predicted: [] },
      { truth: [], predicted: ['r', 'g'] },
      { truth: ['g'], predicted: ['g'] },
    ]);
    assert.deepEqual(s.r, { truth: 2, predicted: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
    assert.deepEqual(s.g, { truth: 1, predicted: 2, truePositives: 1, precision: 0.5, recall: 1 });
  });
});

describe('metrics: campaigns', () => {
  const truth = [
    { id: 'c1', style: 'proxy-harvest' as const, accounts: ['a1', 'a2', 'a3', 'a4'], pivot: { from: 'm2', to: 'm3', releasedAt: '', pivotAt: '', share: 0.5 } },
    { id: 'c2', style: 'lockstep-crew' as const, accounts: ['b1', 'b2'], pivot: null },
  ];

  it('scores accounts, pairs, hard negatives and pivots', () => {
    const s = campaignScores(
      truth,
      [
        { id: 'p1', accounts: ['a1', 'a2', 'a3', 'h1'], score: 0.9, suspected: true, pivot: { to: 'm3' } },
        { id: 'p2', accounts: ['b1', 'b2', 'a4'], score: 0.8, suspected: true, pivot: null },
        { id: 'p3', accounts: ['h2'], score: 0.2, suspected: false, pivot: { to: 'm3' } },
      ],
      { 'enterprise-nat': ['h1', 'h2', 'h3'], 'benign-cot': ['h4'] },
    );
    assert.equal(s.suspected, 2);
    assert.equal(s.accountPrecision, 6 / 7);
    assert.equal(s.accountRecall, 1);
    // True pairs: 6 (c1) + 1 (c2) = 7; predicted pairs: 6 (p1) + 3 (p2) = 9; shared: 3 (a1-a3) + 1 (b1-b2) = 4.
    assert.equal(s.pairwise.precision, 4 / 9);
    assert.equal(s.pairwise.recall, 4 / 7);
    assert.deepEqual(s.hardNegatives, { flagged: 1, total: 4, share: 0.25, byKind: { 'enterprise-nat': { flagged: 1, total: 3 }, 'benign-cot': { flagged: 0, total: 1 } } });
    assert.deepEqual(
      s.perCampaign.map((m) => [m.campaign, m.matchedBy, m.accountRecall, m.pivotDetected]),
      [
        ['c1', 'p1', 1, true],
        ['c2', 'p2', 1, null],
      ],
    );
    assert.equal(s.perCampaign[0].matchPurity, 0.75);
    assert.equal(s.falsePivots, 0);
    assert.equal(s.unmatchedSuspected, 0);
  });

  it('reports a missed pivot, a pivot to the wrong model and nothing found', () => {
    const missed = campaignScores(truth, [{ id: 'p1', accounts: ['a1'], score: 1, suspected: true, pivot: { to: 'other' } }], {});
    assert.equal(missed.perCampaign[0].pivotDetected, false);
    assert.equal(missed.perCampaign[1].matchedBy, null);
    const alarm = campaignScores(truth, [{ id: 'px', accounts: ['h9'], score: 1, suspected: true, pivot: { to: 'm3' } }], {});
    assert.equal(alarm.unmatchedSuspected, 1);
    assert.equal(alarm.falsePivots, 1);
    const none = campaignScores(truth, [], {});
    assert.equal(none.accountRecall, 0);
    assert.equal(none.accountPrecision, 1);
    assert.equal(none.hardNegatives.share, 0);
  });

  it('pairs only labelled items', () => {
    const s = groupingPairs([
      { truth: 'c', predicted: null },
      { truth: 'c', predicted: null },
      { truth: null, predicted: 'p' },
    ]);
    assert.deepEqual(s, { precision: 1, recall: 0, f1: 0 });
  });
});

describe('metrics: a whole scenario', () => {
  it('joins report records to truth lines by file and line', () => {
    const line = (n: number, over: Partial<TruthLine>): TruthLine => ({
      line: n,
      kind: 'record',
      account: 'u1',
      campaign: null,
      template: null,
      templateFamily: null,
      families: [],
      hardNegative: null,
      promptHash: `h${n}`,
      ...over,
    });
    const truthLines = new Map([
      [
        '/data/s/log-chat.jsonl',
        [
          line(1, { account: 'a1', campaign: 'c1', template: 'T1', templateFamily: 'F', families: ['reasoning-extraction'] }),
          line(2, { account: 'a2', campaign: 'c1', template: 'T1', templateFamily: 'F', families: ['reasoning-extraction'] }),
          line(3, { kind: 'blank', account: null, promptHash: null }),
          line(4, { hardNegative: 'benign-cot' }),
        ],
      ],
    ]);
    const scenario: ScenarioTruth = {
      seed: 1,
      records: 3,
      start: '',
      end: '',
      files: [{ name: 'log-chat.jsonl', format: 'chat', lines: 4, records: 3, malformed: 0, blank: 1, gzip: false, crlf: false, bom: false, fields: {} }],
      campaigns: [{ id: 'c1', style: 'burst-reasoning', accounts: ['a1', 'a2'], records: 2, templates: ['T1'], families: [], pivot: null }],
      hardNegatives: { 'benign-cot': ['u1'] },
      models: [],
    };
    const finding = { rule: 'r', family: 'reasoning-extraction', severity: 'high' as const, span: [0, 1] as [number, number], explanation: '' };
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 't', version: '0' },
      input: { files: [{ path: 'elsewhere/log-chat.jsonl', format: 'chat', lines: 4, records: 3, blank: 1, malformed: [], fields: {}, missingSignals: [], bytes: 1 }] },
      summary: { records: 3, accounts: 3, templates: 1, findingsByFamily: {}, suspectedCampaigns: 1 },
      templates: [],
      families: [{ id: 'fam', templates: ['t-1'], size: 2, pattern: '' }],
      campaigns: [{ id: 'p', score: 1, suspected: true, accounts: ['a1', 'a2'], size: 2, records: 2, families: [], templates: [], firstSeen: null, lastSeen: null, models: [], pivot: null, evidence: [] }],
      records: [
        { file: 'elsewhere/log-chat.jsonl', line: 1, account: 'a1', template: 't-1', findings: [finding] },
        { file: 'elsewhere/log-chat.jsonl', line: 2, account: 'a2', template: 't-1', findings: [] },
        { file: 'elsewhere/log-chat.jsonl', line: 4, account: 'u1', template: null, findings: [finding] },
      ],
    };
    const s = scoreScenario(report, scenario, truthLines);
    assert.deepEqual(s.ingest, { recordsFound: 3, recordsExpected: 3, filesMatching: 1, files: 1 });
    assert.equal(s.templates.accuracy, 1);
    assert.equal(s.templateFamilies.accuracy, 1);
    assert.deepEqual(s.families['reasoning-extraction'], { truth: 2, predicted: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
    assert.deepEqual(s.hardNegativeRecordsFlagged, { 'benign-cot': { flagged: 1, total: 1 } });
    assert.equal(s.campaigns.accountRecall, 1);
    assert.equal(s.campaigns.hardNegatives.flagged, 0);
  });
});
