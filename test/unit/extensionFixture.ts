/**
 * A hand-written report over the small sample log (test/integration/suite/sampleLogs.ts), for unit
 * tests of the extension's pure view logic. Spans are computed from the raw lines, as the core does.
 */
import type { Report } from '../../src/core/report/model';
import { REASONING_PHRASE, RUBRIC_PHRASE, smallLogLines, type SmallLogLine } from '../integration/suite/sampleLogs';
import type { ViewRecord } from '../../src/core/view/reportIndex';

export const FIXTURE_FILE = '/logs/small.jsonl';

export function fixture(): { report: Report; lines: SmallLogLine[] } {
  const lines = smallLogLines();
  const records: ViewRecord[] = lines.map((l) => {
    const findings = [];
    const r = l.raw.indexOf(REASONING_PHRASE);
    if (r >= 0) findings.push({ rule: 'reasoning.answer-then-explain', family: 'reasoning-extraction', severity: 'high' as const, span: [r, r + REASONING_PHRASE.length] as [number, number], explanation: 'Asks for the reasoning behind a given answer, as data.' });
    const g = l.raw.indexOf(RUBRIC_PHRASE);
    if (g >= 0) findings.push({ rule: 'rubric.score-candidate', family: 'rubric-grading', severity: 'medium' as const, span: [g, g + RUBRIC_PHRASE.length] as [number, number], explanation: 'Uses the model as a rubric grader.' });
    const template = r >= 0 ? 'T-reason' : g >= 0 ? 'T-rubric' : null;
    return { file: FIXTURE_FILE, line: l.line, account: l.account, template, findings, prompt: l.prompt };
  });
  const campaignAccounts = Array.from({ length: 8 }, (_, i) => `acct-${i + 1}`);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'prompt-forensics', version: '0.1.0' },
    input: { files: [{ path: FIXTURE_FILE, format: 'openai-chat', lines: lines.length, records: lines.length, blank: 0, malformed: [], fields: { account: 'user' }, missingSignals: ['payment'], bytes: 1000 }] },
    summary: { records: lines.length, accounts: 16, templates: 2, findingsByFamily: { 'reasoning-extraction': 24, 'rubric-grading': 16 }, suspectedCampaigns: 1 },
    templates: [
      { id: 'T-rubric', pattern: `Rubric: correctness 5 points, clarity 3 points, brevity 2 points.\nQuestion: <*>\nCandidate answer: <*>\n${RUBRIC_PHRASE}.`, size: 16, accounts: 8, families: ['F1'], findingFamilies: ['rubric-grading'], firstSeen: '2026-02-10T08:00:00Z', lastSeen: '2026-02-10T08:05:00Z', examples: [`${FIXTURE_FILE}:25`] },
      { id: 'T-reason', pattern: `Here is a problem and its final answer.\nProblem: <*>\nAnswer: <*>\nNow ${REASONING_PHRASE}, so that every intermediate step is explicit.`, size: 24, accounts: 8, families: ['F2'], findingFamilies: ['reasoning-extraction'], firstSeen: '2026-02-10T08:00:00Z', lastSeen: '2026-02-10T08:03:00Z', examples: [`${FIXTURE_FILE}:1`] },
    ],
    families: [],
    campaigns: [
      { id: 'C-small', score: 0.31, suspected: false, accounts: ['user-1', 'user-2'], size: 2, records: 2, families: [], templates: [], firstSeen: null, lastSeen: null, models: [], pivot: null, evidence: [] },
      {
        id: 'C-acct',
        score: 0.87,
        suspected: true,
        accounts: campaignAccounts,
        size: 8,
        records: 40,
        families: ['reasoning-extraction', 'rubric-grading'],
        templates: ['T-reason', 'T-rubric'],
        firstSeen: '2026-02-10T08:00:00Z',
        lastSeen: '2026-02-10T08:05:00Z',
        models: [{ model: 'gpt-4o', records: 40, firstSeen: '2026-02-10T08:00:00Z' }],
        pivot: null,
        evidence: [
          { kind: 'network', detail: '4 IPs in 203.0.113.0/24 shared by 8 accounts', accounts: campaignAccounts, weight: 0.3 },
          { kind: 'template', detail: '<img src=x onerror=alert(1)> [click](command:evil)', accounts: campaignAccounts, weight: 0.5 },
        ],
      },
    ],
    records,
  };
  return { report, lines };
}
