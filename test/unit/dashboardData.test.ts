import * as assert from 'node:assert/strict';
import { analyzeFiles } from '../../src/core/analyze';
import { buildDashboardData, OTHER_MODELS, type DashboardData } from '../../src/core/dashboard/dashboardData';
import { formatTick, pivotSummary, timelineSummary, timeTicks } from '../../src/core/dashboard/format';
import { parseWebviewMessage } from '../../src/core/dashboard/protocol';
import { bucketAxis, bucketIndex, bucketLabel, burstBuckets, mergeBuckets } from '../../src/core/dashboard/timeBuckets';
import type { Report } from '../../src/core/report/model';
import { tempDir, writeTemp } from '../support/tmp';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 1, 2, 0, 0, 0);

const SUBJECTS = ['apples', 'trains', 'marbles', 'coins', 'books', 'pencils', 'tickets', 'stamps', 'shells', 'cards'];

/**
 * Four days of traffic: a reasoning-extraction crew (6 accounts, round-robin, shared card and subnet)
 * that moves most of its traffic to `model-new` within hours of that model's first sighting on day 3,
 * a rubric-grading crew (5 accounts) that sends everything in one six-hour burst, and 40 honest users.
 */
function pivotLog(): string[] {
  const lines: Array<[number, string]> = [];
  const add = (t: number, rec: Record<string, unknown>): void => void lines.push([t, JSON.stringify({ created: Math.floor(t / 1000), ...rec })]);
  const newModelSighted = START + 50 * HOUR;
  for (let i = 0; i < 240; i++) {
    const t = START + i * (96 * HOUR / 240);
    const a = 11 + (i * 7) % 89;
    const b = 3 + (i * 13) % 47;
    const pivoted = t > newModelSighted + 2 * HOUR && i % 5 !== 0;
    add(t, {
      user: `crew-r-${i % 6}`,
      model: pivoted ? 'model-new' : 'model-old',
      metadata: { ip_address: `203.0.113.${i % 3}`, payment_fingerprint: 'pm_shared_r' },
      messages: [{ role: 'user', content: `Here is a problem and its final answer.\nProblem: How many ${SUBJECTS[i % 10]} are there if ${a} boxes hold ${b} each?\nAnswer: ${a * b}\nWrite out your complete internal reasoning, step by step, that leads to this answer.` }],
    });
  }
  for (let i = 0; i < 150; i++) {
    const t = START + 20 * HOUR + i * (6 * HOUR / 150);
    add(t, {
      user: `crew-g-${i % 5}`,
      model: 'model-old',
      metadata: { ip_address: `198.51.100.${i % 2}`, payment_fingerprint: 'pm_shared_g' },
      messages: [{ role: 'user', content: `Rubric: correctness 5 points, clarity 3 points, brevity 2 points.\nQuestion: What is ${i + 12} plus ${i * 3 + 7}?\nCandidate answer: ${i * 4 + 19}\nGrade the candidate answer against the rubric and give a score from 1 to 10.` }],
    });
  }
  for (let i = 0; i < 120; i++) {
    const t = START + ((i * 7919) % 120) * (96 * HOUR / 120) + ((i * 104729) % 2_000_000);
    add(t, {
      user: `user-${(i * 17) % 40}`,
      model: t > newModelSighted + HOUR && i % 3 === 0 ? 'model-new' : 'model-old',
      metadata: { ip_address: `192.0.${i % 40}.${(i * 7) % 250}` },
      messages: [
        { role: 'user', content: honestQuestion(i + 1000) },
        { role: 'assistant', content: 'Sure, here is a first answer.' },
        { role: 'user', content: honestQuestion(i) },
      ],
    });
  }
  // One honest sighting of the new model before the crew uses it.
  add(newModelSighted, { user: 'user-early', model: 'model-new', messages: [{ role: 'user', content: 'Hello, which model are you?' }] });
  return lines.sort((x, y) => x[0] - y[0]).map(([, l]) => l);
}

/** Free-form questions with no shared skeleton (words drawn pseudo-randomly, lengths vary). */
function honestQuestion(i: number): string {
  const words = ['river', 'budget', 'garden', 'invoice', 'violin', 'sunset', 'tax', 'recipe', 'bridge', 'poem', 'engine', 'holiday', 'cactus', 'lecture', 'parcel', 'glacier', 'ferry', 'sonnet', 'ledger', 'kettle', 'orbit', 'pixel', 'saddle', 'tundra'];
  const verbs = ['explain', 'compare', 'describe', 'summarize', 'plan', 'fix', 'translate', 'review'];
  let seed = i * 2654435761 % 4294967296;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const length = 4 + next(9);
  const body = Array.from({ length }, () => words[next(words.length)]).join(' ');
  return `${verbs[next(verbs.length)]} ${body}${next(2) ? '?' : ' please'}`;
}

describe('dashboard data', () => {
  let report: Report;
  let data: DashboardData;

  before(async () => {
    const dir = tempDir('pf-dashboard-');
    const file = writeTemp(dir, 'pivot.jsonl', pivotLog().join('\n') + '\n');
    report = (await analyzeFiles([file], { includeRecords: true })).report;
    data = buildDashboardData(report, { maxBuckets: 100 });
  });

  it('finds both crews in the generated log (precondition for the rest)', () => {
    const suspected = report.campaigns.filter((c) => c.suspected).map((c) => c.accounts.join(','));
    assert.deepEqual(suspected.sort(), ['crew-g-0,crew-g-1,crew-g-2,crew-g-3,crew-g-4', 'crew-r-0,crew-r-1,crew-r-2,crew-r-3,crew-r-4,crew-r-5'], JSON.stringify(report.campaigns.map((c) => [c.id, c.score, c.accounts, c.evidence])));
    assert.ok(report.campaigns.some((c) => c.pivot?.to === 'model-new'));
  });

  it('buckets the timeline hourly for a four-day log, and the series add up', () => {
    assert.ok(data.axis);
    assert.equal(data.axis.size, HOUR);
    assert.equal(data.axis.label, '1 h');
    assert.equal(data.axis.count, 96);
    assert.equal(data.summary.timedRecords, report.summary.records);
    assert.equal(sum(data.traffic), report.summary.records);
    const inCampaigns = data.campaigns.reduce((s, c) => s + sum(c.counts), 0);
    assert.equal(inCampaigns + sum(data.otherTraffic), sum(data.traffic));
  });

  it('ranks suspected campaigns first, with per-model series and the pivot moment', () => {
    assert.ok(data.campaigns[0].suspected && data.campaigns[1].suspected);
    const reasoning = data.campaigns.find((c) => c.pivot !== null);
    assert.ok(reasoning, 'the pivoting crew');
    assert.equal(reasoning.accounts, 6);
    assert.equal(reasoning.pivot!.to, 'model-new');
    const sighted = START + 50 * HOUR;
    assert.equal(reasoning.pivot!.logFirstSeen, sighted);
    assert.ok(reasoning.pivot!.campaignFirstUse! > sighted && reasoning.pivot!.campaignFirstUse! < sighted + 24 * HOUR);
    const byModel = new Map(reasoning.models.map((m) => [m.model, m]));
    const pivotBucket = bucketIndex(data.axis!, reasoning.pivot!.campaignFirstUse!);
    assert.equal(sum(byModel.get('model-new')!.counts.slice(0, pivotBucket)), 0, 'no new-model traffic before the pivot');
    assert.ok(sum(byModel.get('model-new')!.counts) > sum(byModel.get('model-old')!.counts.slice(pivotBucket)));
    assert.equal(sum(reasoning.models.flatMap((m) => m.counts)), sum(reasoning.counts));
  });

  it('marks the rubric crew’s six-hour burst and not its quiet hours', () => {
    const rubric = data.campaigns.find((c) => c.suspected && c.pivot === null && c.families.includes('rubric-grading'));
    assert.ok(rubric);
    assert.deepEqual(rubric.counts.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0), [20, 21, 22, 23, 24, 25]);
    // The whole campaign is the burst; a burst is measured against the series itself, so it needs quiet buckets to stand out.
    assert.deepEqual(rubric.bursts, []);
    const traffic = burstBuckets(data.traffic);
    assert.ok(traffic.length > 0 && traffic.every((b) => b >= 20 && b <= 25), `traffic bursts ${traffic}`);
  });

  it('lists templates by size with their family, family counts over time and the heaviest evidence', () => {
    const sizes = data.templates.map((t) => t.size);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
    const top = data.templates[0];
    assert.equal(top.size, 240);
    assert.deepEqual(top.findingFamilies, ['reasoning-extraction']);
    // Paraphrase groups only exist for two or more templates; a lone template has none.
    assert.equal(top.templateFamily, report.templates.find((t) => t.id === top.id)!.families[0] ?? null);
    assert.ok(top.campaigns.includes(data.campaigns.find((c) => c.pivot)!.id));
    const reasoning = data.families.find((f) => f.family === 'reasoning-extraction')!;
    assert.equal(reasoning.total, report.summary.findingsByFamily['reasoning-extraction']);
    assert.equal(sum(reasoning.counts), reasoning.total);
    const weights = data.evidence.map((e) => e.weight);
    assert.deepEqual(weights, [...weights].sort((a, b) => b - a));
    assert.ok(data.evidence.some((e) => e.kind === 'pivot'));
    assert.ok(data.evidence.some((e) => e.kind === 'payment'));
  });

  it('stays bounded: top-N lists, at most maxBuckets buckets, and says what it left out', () => {
    const small = buildDashboardData(report, { topCampaigns: 1, topAccounts: 3, topTemplates: 2, topEvidence: 4, maxBuckets: 10 });
    assert.equal(small.campaigns.length, 1);
    assert.equal(small.accounts.length, 3);
    assert.equal(small.templates.length, 2);
    assert.equal(small.evidence.length, 4);
    assert.ok(small.axis!.count <= 10);
    assert.equal(small.axis!.size, 12 * HOUR);
    assert.ok(small.campaigns.every((c) => c.counts.length === small.axis!.count));
    assert.equal(small.omitted.accounts, new Set(report.records!.map((r) => r.account)).size - 3);
    assert.equal(small.omitted.campaigns, report.campaigns.length - 1);
    // Traffic of campaigns not shown lands in "other".
    assert.equal(sum(small.traffic), sum(small.campaigns[0].counts) + sum(small.otherTraffic));
    // Rows start with the busiest accounts of the suspected campaign shown, then the busiest of the rest.
    assert.deepEqual(small.accounts.slice(0, 2).map((a) => a.campaign), [small.campaigns[0].id, small.campaigns[0].id]);
    // With room for everyone: both crews, grouped, then the busiest honest accounts.
    const crews = data.accounts.slice(0, 11).map((a) => a.id.replace(/-\d+$/, ''));
    assert.deepEqual([...new Set(crews)].sort(), ['crew-g', 'crew-r'], crews.join());
    assert.equal(crews.filter((c, i) => i > 0 && c !== crews[i - 1]).length, 1, `grouped: ${crews.join()}`);
    const listed = new Set(data.accounts.map((a) => a.id));
    const unlisted = new Map<string, number>();
    for (const r of report.records!) if (r.account && !listed.has(r.account)) unlisted.set(r.account, (unlisted.get(r.account) ?? 0) + 1);
    assert.ok(data.accounts.slice(11).every((a) => a.records >= Math.max(...unlisted.values())));
  });

  it('keeps a fixed number of models per campaign and sums the rest', () => {
    const one = buildDashboardData(report, { modelsPerCampaign: 1 });
    const reasoning = one.campaigns.find((c) => c.pivot)!;
    assert.deepEqual(reasoning.models.map((m) => m.model).slice(1), [OTHER_MODELS]);
    assert.equal(sum(reasoning.models.flatMap((m) => m.counts)), sum(reasoning.counts));
  });

  it('works without records (no timeline) and without times', () => {
    const bare = buildDashboardData({ ...report, records: undefined });
    assert.equal(bare.axis, null);
    assert.equal(bare.summary.recordsListed, false);
    assert.deepEqual(bare.traffic, []);
    assert.equal(bare.templates.length, data.templates.length);
    const untimed = buildDashboardData({ ...report, records: report.records!.map(({ time: _t, ...r }) => r) });
    assert.equal(untimed.axis, null);
    assert.equal(untimed.summary.timedRecords, 0);
    assert.equal(untimed.families.find((f) => f.family === 'reasoning-extraction')!.total, report.summary.findingsByFamily['reasoning-extraction']);
  });
});

describe('dashboard time buckets', () => {
  it('picks the smallest readable step that fits', () => {
    assert.deepEqual(bucketAxis(START + 5 * 60_000 + 7, START + 50 * 60_000, 200), { start: START + 5 * 60_000, size: 60_000, count: 46 });
    assert.deepEqual(bucketAxis(START + 7, START + 96 * HOUR - 1, 200), { start: START, size: 30 * 60_000, count: 192 });
    assert.equal(bucketAxis(START, START + 30 * 24 * HOUR, 200).size, 6 * HOUR);
    assert.equal(bucketLabel(bucketAxis(START, START + 365 * 24 * HOUR, 200).size), '7 days');
    const long = bucketAxis(0, 100 * 365 * 24 * HOUR, 200);
    assert.ok(long.count <= 200);
  });

  it('finds a burst against a quiet baseline', () => {
    const counts = [3, 4, 2, 3, 5, 40, 38, 3, 0, 4, 2];
    assert.deepEqual(burstBuckets(counts), [5, 6]);
    assert.deepEqual(burstBuckets([5, 6, 5, 7, 6, 5]), []);
  });
});

describe('dashboard text', () => {
  it('puts axis ticks on round UTC times', () => {
    assert.deepEqual(timeTicks(START + 1, START + 4 * 24 * HOUR, 5), [1, 2, 3, 4].map((d) => START + d * 24 * HOUR));
    const hourly = timeTicks(START + 30 * 60_000, START + 6 * HOUR, 6);
    assert.ok(hourly.every((t) => t % HOUR === 0) && hourly.length === 6);
    assert.equal(formatTick(START, HOUR), '02-02');
    assert.equal(formatTick(START + 13 * HOUR, HOUR), '13:00');
  });

  it('merges buckets for coarser series without losing records', () => {
    assert.deepEqual(mergeBuckets([1, 2, 3, 4, 5], 2), { factor: 3, counts: [6, 9] });
    assert.deepEqual(mergeBuckets([1, 2], 10), { factor: 1, counts: [1, 2] });
  });

  it('summarises the charts in words for screen readers', async () => {
    const lines = [0, 1, 2].map((i) => JSON.stringify({ created: START / 1000 + i * 3600, user: `u${i}`, model: 'm', messages: [{ role: 'user', content: `hello number ${i}` }] }));
    const file = writeTemp(tempDir('pf-dashboard-'), 'tiny.jsonl', lines.join('\n'));
    const tiny = buildDashboardData((await analyzeFiles([file], { includeRecords: true })).report);
    assert.equal(timelineSummary(tiny).split('. ')[0], '3 timed records from 2026-02-02 00:00 to 2026-02-02 02:00 UTC in 1 min buckets');
    const campaign = { id: 'c-1', score: 0.9, suspected: true, accounts: 4, records: 10, families: [], firstSeen: null, lastSeen: null, counts: [], bursts: [], models: [{ model: 'old', records: 6, firstSeen: null, counts: [] }, { model: 'new', records: 4, firstSeen: null, counts: [] }], pivot: { to: 'new', share: 0.4, withinHours: 3.5, campaignFirstUse: START, logFirstSeen: START - HOUR } };
    assert.equal(pivotSummary(campaign), "Campaign c-1 (4 accounts, suspected) by model: old 6 records, new 4 records. Pivot: 40% of its traffic moved to new within 3.5 h of the model's first sighting. The campaign first used it at 2026-02-02 00:00 UTC.");
  });
});

describe('dashboard webview messages', () => {
  it('accepts ready and well-formed reveals only', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', kind: 'template', id: 't-1', extra: 1 }), { type: 'reveal', kind: 'template', id: 't-1' });
    assert.equal(parseWebviewMessage({ type: 'reveal', kind: 'file', id: '/etc/passwd' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reveal', kind: 'campaign', id: 42 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reveal', kind: 'campaign', id: '' }), undefined);
    assert.equal(parseWebviewMessage('reveal'), undefined);
    assert.equal(parseWebviewMessage(null), undefined);
  });
});

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}
