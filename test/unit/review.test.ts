import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles } from '../../src/core/analyze';
import type { Report } from '../../src/core/report/model';
import {
  accountSubject,
  applyAnnotations,
  campaignSubject,
  defaultAuthor,
  FindingsFileError,
  FindingsStore,
  mergeFindingsFiles,
  parseFindingsFile,
  recordFingerprint,
  recordId,
  recordRef,
  recordSubject,
  serializeFindingsFile,
  templateSubject,
  unannotatedSuspected,
  type StoredAnnotation,
} from '../../src/core/review';
import { generatedLog } from '../fixtures/review/generatedLog';
import { tempDir, writeTemp } from '../support/tmp';

const clock = () => new Date('2026-11-20T09:30:00.000Z');

function entry(verdict: StoredAnnotation['verdict'], note = '', extra: Partial<StoredAnnotation> = {}): StoredAnnotation {
  return { verdict, note, author: 'rev', time: '2026-11-01T00:00:00.000Z', ...extra };
}

async function analyze(dir: string, name: string, text: string): Promise<Report> {
  return (await analyzeFiles([writeTemp(dir, name, text)], { includeRecords: true })).report;
}

function suspectedWith(report: Report, prefix: string) {
  const c = report.campaigns.find((x) => x.suspected && x.accounts.every((a) => a.startsWith(prefix)));
  assert.ok(c, `a suspected campaign of ${prefix}* accounts`);
  return c;
}

describe('findings file format', () => {
  it('serialises canonically: sorted keys at every level, 2-space indent, trailing newline, whatever the insertion order', () => {
    const a = new Map([
      ['template:t-2', entry('benign', 'eval team')],
      ['campaign:c-1', entry('confirmed', 'crew', { accounts: ['b', 'a'] })],
    ]);
    const b = new Map([...a].reverse());
    const text = serializeFindingsFile(a);
    assert.equal(text, serializeFindingsFile(b));
    assert.ok(text.endsWith('}\n'));
    const lines = text.split('\n');
    assert.equal(lines[1], '  "annotations": {');
    assert.equal(lines[2], '    "campaign:c-1": {');
    assert.equal(lines[3], '      "accounts": [');
    assert.equal(lines[4], '        "a",');
    assert.ok(text.indexOf('"author"') < text.indexOf('"note"') && text.indexOf('"note"') < text.indexOf('"time"'));
    assert.ok(text.indexOf('"annotations"') < text.indexOf('"version"'));
    assert.deepEqual(parseFindingsFile(text, 'f.json'), new Map([...a].map(([k, v]) => [k, v.accounts ? { ...v, accounts: ['a', 'b'] } : v])));
  });

  it('names the file, line and column of a JSON error', () => {
    const text = '{\n  "version": 1,\n  "annotations": {\n    "template:t-1": { "verdict": "benign" "note": "" }\n  }\n}\n';
    assert.throws(
      () => parseFindingsFile(text, '/x/findings.json'),
      (e: unknown) => {
        assert.ok(e instanceof FindingsFileError);
        assert.equal(e.line, 4);
        assert.equal(e.column, 43);
        assert.match(e.message, /^\/x\/findings\.json:4:43: invalid JSON/);
        return true;
      },
    );
  });

  it('rejects a wrong version and invalid entries with a message naming the problem', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ version: 2, annotations: {} }, /unsupported version 2 .*newer/],
      [[], /must be a JSON object/],
      [{ version: 1, annotations: { 'template:t-1': { verdict: 'fine', note: '', author: 'a', time: '2026-01-01T00:00:00Z' } } }, /"template:t-1".*verdict.*confirmed, benign, needs-review/],
      [{ version: 1, annotations: { 'thing:1': entry('benign') } }, /"thing:1".*kind template, account, campaign or record/],
      [{ version: 1, annotations: { 'account:a': { ...entry('benign'), time: 'yesterday' } } }, /"time" must be an ISO 8601 time/],
      [{ version: 1, annotations: { 'account:a': { ...entry('benign'), accounts: ['x'] } } }, /"accounts" belongs to campaign annotations only/],
      [{ version: 1, annotations: { 'account:a': { ...entry('benign'), extra: 1 } } }, /unknown field "extra"/],
      [{ version: 1, annotations: { 'account:a': { verdict: 'benign', note: '', time: '2026-01-01T00:00:00Z' } } }, /"author" must be a string/],
    ];
    for (const [data, pattern] of cases) assert.throws(() => parseFindingsFile(JSON.stringify(data), 'f.json'), pattern, JSON.stringify(data));
  });
});

describe('FindingsStore', () => {
  const dir = tempDir('pf-review-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the folder, writes atomically (no temp files left) and reads back what it wrote', async () => {
    const file = path.join(dir, 'a', '.prompt-forensics', 'findings.json');
    const store = await FindingsStore.load(file, { author: 'Ada', now: clock });
    assert.deepEqual(store.all(), []);
    store.set({ kind: 'campaign', id: 'c-1', accounts: ['z', 'y'] }, { verdict: 'confirmed', note: 'shared card' });
    store.set(templateSubject({ id: 't-9' }), { verdict: 'benign', author: 'Bo' });
    assert.ok(store.dirty);
    await store.save();
    assert.ok(!store.dirty);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['findings.json']);
    const again = await FindingsStore.load(file);
    assert.deepEqual(again.get({ kind: 'campaign', id: 'c-1' }), { verdict: 'confirmed', note: 'shared card', author: 'Ada', time: '2026-11-20T09:30:00.000Z', accounts: ['y', 'z'] });
    assert.equal(again.get({ kind: 'template', id: 't-9' })?.author, 'Bo');
    assert.deepEqual(again.all().map((e) => e.key), ['campaign:c-1', 'template:t-9']);
    assert.ok(again.remove({ kind: 'template', id: 't-9' }));
    assert.ok(!again.remove({ kind: 'template', id: 't-9' }));
    await again.save();
    assert.deepEqual((await FindingsStore.load(file)).all().map((e) => e.key), ['campaign:c-1']);
  });

  it('keeps changes made on disk since loading (a git pull) and applies only its own', async () => {
    const file = path.join(dir, 'b.json');
    const mine = await FindingsStore.load(file, { author: 'me', now: clock });
    const theirs = await FindingsStore.load(file, { author: 'them', now: clock });
    mine.set(accountSubject('acct-1'), { verdict: 'benign' });
    theirs.set(accountSubject('acct-2'), { verdict: 'confirmed' });
    await theirs.save();
    await mine.save();
    assert.deepEqual((await FindingsStore.load(file)).all().map((e) => `${e.key}=${e.annotation.author}`), ['account:acct-1=me', 'account:acct-2=them']);
    assert.deepEqual(mine.all().map((e) => e.key), ['account:acct-1', 'account:acct-2']);
  });

  it('runs overlapping saves one after another without losing a change', async () => {
    const file = path.join(dir, 'overlap.json');
    const store = await FindingsStore.load(file, { author: 'me', now: clock });
    store.set(accountSubject('a'), { verdict: 'benign' });
    const first = store.save();
    store.set(accountSubject('b'), { verdict: 'confirmed' });
    const second = store.save();
    await Promise.all([first, second]);
    assert.ok(!store.dirty);
    assert.deepEqual([...parseFindingsFile(fs.readFileSync(file, 'utf8'), file).keys()], ['account:a', 'account:b']);
  });

  for (const [name, text, pattern] of [
    ['invalid JSON', '{"version": 1, "annotations": {', /damaged-1\.json:1:32: invalid JSON/],
    ['a wrong version', '{"version": 7, "annotations": {}}\n', /unsupported version 7/],
    ['an invalid entry', '{"version": 1, "annotations": {"record:x.jsonl:3": {"verdict": "ok"}}}\n', /"record:x\.jsonl:3": "verdict" must be one of/],
  ] as const) {
    it(`never overwrites a file with ${name}: error names file and problem, changes are refused until reset`, async () => {
      const file = writeTemp(dir, `damaged-${name === 'invalid JSON' ? 1 : name === 'a wrong version' ? 2 : 3}.json`, text);
      const store = await FindingsStore.load(file, { author: 'me', now: clock });
      assert.ok(store.error instanceof FindingsFileError);
      assert.ok(store.error.message.startsWith(file), store.error.message);
      assert.match(store.error.message, pattern);
      assert.throws(() => store.set(accountSubject('a'), { verdict: 'benign' }), /not changing it; fix the file or reset it/);
      assert.throws(() => store.remove(accountSubject('a')), FindingsFileError);
      await assert.rejects(store.save(), FindingsFileError);
      assert.equal(fs.readFileSync(file, 'utf8'), text);

      const backup = await store.reset();
      assert.ok(backup && fs.readFileSync(backup, 'utf8') === text, 'the damaged content is kept aside');
      assert.equal(store.error, undefined);
      store.set(accountSubject('a'), { verdict: 'benign' });
      await store.save();
      assert.deepEqual(parseFindingsFile(fs.readFileSync(file, 'utf8'), file).get('account:a')?.verdict, 'benign');
    });
  }

  it('refuses to save over a file that was damaged on disk after loading, and recovers on reload once fixed', async () => {
    const file = path.join(dir, 'later.json');
    const store = await FindingsStore.load(file, { author: 'me', now: clock });
    store.set(accountSubject('a'), { verdict: 'benign' });
    await store.save();
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, good.replace('"benign"', '"benign",'));
    store.set(accountSubject('b'), { verdict: 'benign' });
    await assert.rejects(store.save(), /later\.json:\d+:\d+: invalid JSON/);
    assert.ok(store.error);
    assert.notEqual(fs.readFileSync(file, 'utf8'), good, 'left as the user damaged it');
    fs.writeFileSync(file, good);
    await store.reload();
    assert.equal(store.error, undefined);
    assert.deepEqual(store.all().map((e) => e.key), ['account:a']);
  });
});

describe('two reviewers in git', () => {
  const dir = tempDir('pf-merge-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const weekRecord = { file: '/logs/week1.jsonl', line: 17, account: 'x-1', template: 't-600', findings: [], time: '2026-11-02T00:00:00.000Z' };

  async function baseFile(): Promise<string> {
    const base = path.join(dir, 'base.json');
    fs.rmSync(base, { force: true });
    const seed = await FindingsStore.load(base, { author: 'lead', now: clock });
    seed.set({ kind: 'campaign', id: 'c-100', accounts: ['crew-1', 'crew-2'] }, { verdict: 'confirmed', note: 'shared card' });
    seed.set({ kind: 'record', id: 'old.jsonl:5', fingerprint: 'm1-00' }, { verdict: 'benign' });
    seed.set(templateSubject({ id: 't-500' }), { verdict: 'benign', note: 'our eval harness' });
    seed.set(accountSubject('acct-m'), { verdict: 'needs-review' });
    await seed.save();
    for (const who of ['ours', 'theirs']) fs.copyFileSync(base, path.join(dir, `${who}.json`));
    return base;
  }

  async function review(who: 'ours' | 'theirs', edit: (s: FindingsStore) => void): Promise<string> {
    const store = await FindingsStore.load(path.join(dir, `${who}.json`), { author: who, now: clock });
    edit(store);
    await store.save();
    return path.join(dir, `${who}.json`);
  }

  it('additions of different subjects to the same base merge line by line without conflict (git merge-file)', async () => {
    const base = await baseFile();
    const ours = await review('ours', (s) => {
      s.set({ kind: 'campaign', id: 'c-200', accounts: ['x-1', 'x-2', 'x-3'] }, { verdict: 'confirmed', note: 'rubric crew' });
      s.set(accountSubject('acct-a'), { verdict: 'benign', note: 'known customer' });
    });
    const theirs = await review('theirs', (s) => {
      s.set(recordSubject(weekRecord), { verdict: 'confirmed' });
      s.set(templateSubject({ id: 't-600' }), { verdict: 'needs-review', note: 'ask legal' });
    });
    const merged = spawnSync('git', ['merge-file', '-p', ours, base, theirs], { encoding: 'utf8' });
    assert.equal(merged.status, 0, `conflicts:\n${merged.stdout}`);
    assert.doesNotMatch(merged.stdout, /^(<<<<<<<|>>>>>>>)/m);
    const annotations = parseFindingsFile(merged.stdout, 'merged');
    assert.deepEqual([...annotations.keys()], ['account:acct-a', 'account:acct-m', 'campaign:c-100', 'campaign:c-200', 'record:old.jsonl:5', 'record:week1.jsonl:17', 'template:t-500', 'template:t-600']);
    assert.equal(merged.stdout, serializeFindingsFile(annotations), 'the merge result is itself canonical');
    assert.equal(mergeFindingsFiles(fs.readFileSync(base, 'utf8'), fs.readFileSync(ours, 'utf8'), fs.readFileSync(theirs, 'utf8')).text, merged.stdout);
  });

  it('additions adjacent in key order conflict in a line merge; the subject-wise merge (merge driver) joins them', async () => {
    const base = await baseFile();
    const ours = await review('ours', (s) => s.set({ kind: 'campaign', id: 'c-200', accounts: ['x-1'] }, { verdict: 'confirmed' }));
    const theirs = await review('theirs', (s) => {
      s.set({ kind: 'campaign', id: 'c-300', accounts: ['y-1'] }, { verdict: 'benign' });
      s.remove(accountSubject('acct-m'));
    });
    const line = spawnSync('git', ['merge-file', '-p', ours, base, theirs], { encoding: 'utf8' });
    assert.notEqual(line.status, 0, 'same insertion point: git reports a conflict');
    const merged = mergeFindingsFiles(fs.readFileSync(base, 'utf8'), fs.readFileSync(ours, 'utf8'), fs.readFileSync(theirs, 'utf8'));
    assert.deepEqual(merged.conflicts, []);
    assert.deepEqual([...parseFindingsFile(merged.text, 'm').keys()], ['campaign:c-100', 'campaign:c-200', 'campaign:c-300', 'record:old.jsonl:5', 'template:t-500']);
  });

  it('the subject-wise merge reports a subject both reviewers changed differently and keeps ours', async () => {
    const base = await baseFile();
    const ours = await review('ours', (s) => s.set(templateSubject({ id: 't-500' }), { verdict: 'confirmed', note: 'not our harness after all' }));
    const theirs = await review('theirs', (s) => s.set(templateSubject({ id: 't-500' }), { verdict: 'needs-review' }));
    const merged = mergeFindingsFiles(fs.readFileSync(base, 'utf8'), fs.readFileSync(ours, 'utf8'), fs.readFileSync(theirs, 'utf8'));
    assert.deepEqual(merged.conflicts, ['template:t-500']);
    assert.equal(parseFindingsFile(merged.text, 'm').get('template:t-500')?.verdict, 'confirmed');
  });
});

describe('applyAnnotations', () => {
  const dir = tempDir('pf-apply-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let week1: Report;
  before(async () => {
    week1 = await analyze(dir, 'week1.jsonl', generatedLog());
  });

  it('tells per campaign, template, account and record whether it is annotated, and with what', () => {
    const crewA = suspectedWith(week1, 'crew-a-');
    const template = week1.templates.find((t) => t.findingFamilies?.includes('rubric-grading'))!;
    const record = week1.records!.find((r) => r.account === 'user-3')!;
    const annotations = new Map<string, StoredAnnotation>([
      [`campaign:${crewA.id}`, entry('confirmed', 'reasoning crew', { accounts: crewA.accounts })],
      [`template:${template.id}`, entry('needs-review', 'grading or eval?')],
      ['account:user-5', entry('benign')],
      [`record:week1.jsonl:${record.line}`, entry('benign', 'a child asking', { fingerprint: recordFingerprint(record) })],
      ['template:t-0000000000', entry('benign')],
    ]);
    const state = applyAnnotations(week1, annotations);
    assert.deepEqual({ ...state.campaigns.get(crewA.id)!, annotation: undefined }, { key: `campaign:${crewA.id}`, annotation: undefined, match: 'exact', overlap: 6, of: 6, annotatedSize: 6, covers: true });
    assert.equal(state.campaigns.size, 1);
    assert.equal(state.templates.get(template.id)?.annotation.verdict, 'needs-review');
    assert.equal(state.accounts.get('user-5')?.annotation.verdict, 'benign');
    assert.equal(state.records.get(recordRef(record))?.match, 'exact');
    assert.deepEqual(state.unmatched, ['template:t-0000000000']);
    const open = unannotatedSuspected(week1, annotations).map((u) => u.campaign.id);
    assert.deepEqual(open, week1.campaigns.filter((c) => c.suspected && c.id !== crewA.id).map((c) => c.id));
    assert.equal(open.length, week1.summary.suspectedCampaigns - 1);
  });

  it("matches next week's dump: same ids for identical templates and membership, partial matches when membership changed", async () => {
    const crewA = suspectedWith(week1, 'crew-a-');
    const crewB = suspectedWith(week1, 'crew-b-');
    const annotations = new Map<string, StoredAnnotation>([
      [`campaign:${crewA.id}`, entry('confirmed', 'reasoning crew', { accounts: crewA.accounts })],
      [`campaign:${crewB.id}`, entry('confirmed', 'grading crew', { accounts: crewB.accounts })],
      ...week1.templates.map((t) => [`template:${t.id}`, entry('needs-review')] as [string, StoredAnnotation]),
    ]);
    // Week 2: crew A rotated: accounts 4..9 instead of 0..5 (2 of 6 known, a minority); crew B unchanged.
    const week2 = await analyze(dir, 'week2.jsonl', generatedLog({ crewAStart: 4, seed: 99 }));
    const state = applyAnnotations(week2, annotations);
    const newA = suspectedWith(week2, 'crew-a-');
    assert.notEqual(newA.id, crewA.id);
    assert.deepEqual({ ...state.campaigns.get(newA.id)!, annotation: undefined }, { key: `campaign:${crewA.id}`, annotation: undefined, match: 'partial', overlap: 2, of: 6, annotatedSize: 6, covers: false });
    assert.equal(state.campaigns.get(crewB.id)?.match, 'exact', 'identical membership keeps the id');
    assert.equal(state.templates.size, week1.templates.length, 'template ids are stable across dumps');
    const open = unannotatedSuspected(week2, state);
    assert.ok(open.some((u) => u.campaign.id === newA.id && u.related?.overlap === 2));
    assert.ok(!open.some((u) => u.campaign.id === crewB.id));

    // Crew A with 4 of its 6 accounts known: a majority, counts as reviewed.
    const week3 = await analyze(dir, 'week3.jsonl', generatedLog({ crewAStart: 2, seed: 5 }));
    const newA3 = suspectedWith(week3, 'crew-a-');
    const m = applyAnnotations(week3, annotations).campaigns.get(newA3.id)!;
    assert.deepEqual([m.match, m.overlap, m.of, m.covers], ['partial', 4, 6, true]);
    assert.ok(!unannotatedSuspected(week3, annotations).some((u) => u.campaign.id === newA3.id));
  });

  it('finds an annotated record that moved to another line by its fingerprint, and reports a line that now holds another record as stale', async () => {
    const record = week1.records!.find((r) => r.account === 'user-7')!;
    const other = week1.records!.find((r) => r.account === 'user-8')!;
    const annotations = new Map<string, StoredAnnotation>([
      [`record:${recordId(record)}`, entry('benign', 'moved one', { fingerprint: recordFingerprint(record) })],
      [`record:week1.jsonl:${other.line}`, entry('confirmed', 'will be stale', { fingerprint: 'm1-0000000000000000' })],
    ]);
    const shifted = await analyze(dir, 'week1.jsonl', '\n\n' + generatedLog());
    const state = applyAnnotations(shifted, annotations);
    const movedTo = shifted.records!.find((r) => r.account === 'user-7')!;
    assert.equal(movedTo.line, record.line + 2);
    assert.deepEqual([state.records.get(recordRef(movedTo))?.match, state.records.get(recordRef(movedTo))?.key], ['moved', `record:week1.jsonl:${record.line}`]);
    assert.deepEqual(state.stale.map((s) => s.key), [`record:week1.jsonl:${other.line}`]);
    assert.match(state.stale[0].reason, /holds a different record/);
  });

  it('campaignSubject stores the sorted membership the partial matching needs', () => {
    const c = week1.campaigns[0];
    const s = campaignSubject(c);
    assert.equal(s.kind, 'campaign');
    assert.deepEqual((s as { accounts: string[] }).accounts, [...c.accounts].sort());
  });
});

describe('defaultAuthor', () => {
  const dir = tempDir('pf-author-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prefers the configured name, then git user.name of the folder', () => {
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['config', 'user.name', 'Rae Viewer'], { cwd: dir });
    assert.equal(defaultAuthor('  Set In Settings ', dir), 'Set In Settings');
    assert.equal(defaultAuthor(undefined, dir), 'Rae Viewer');
    assert.equal(defaultAuthor('', dir), 'Rae Viewer');
  });

  it('is what the store writes when no author is given, asked in the findings file\'s repository', async () => {
    const store = await FindingsStore.load(path.join(dir, '.prompt-forensics', 'findings.json'), { now: clock });
    assert.equal(store.set(accountSubject('a'), { verdict: 'benign' }).author, 'Rae Viewer');
    const configured = await FindingsStore.load(path.join(dir, 'other.json'), { author: 'From Setting', now: clock });
    assert.equal(configured.set(accountSubject('a'), { verdict: 'benign' }).author, 'From Setting');
  });
});
