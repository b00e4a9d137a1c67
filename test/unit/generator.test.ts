import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseCsv } from '../../eval/csv';
import { FORMATS } from '../../eval/generator/formats';
import type { ScenarioTruth, TruthLine } from '../../eval/generator/model';
import { Rng } from '../../eval/generator/prng';
import { loadSources } from '../../eval/generator/sources';
import { loadTruth } from '../../eval/generator/truth';
import { generateScenario, generateToFile, scenarioFiles } from '../../eval/generator/writer';
import { publicPromptsDir } from '../support/paths';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `pf-gen-${name}-`));

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The raw lines of a log as the truth numbers them (BOM dropped, CRLF or LF, last line may lack its end). */
function rawLines(file: string): string[] {
  let text = file.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(file)).toString('utf8') : fs.readFileSync(file, 'utf8');
  text = text.replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function at(value: unknown, dotted: string): unknown {
  // Attribute maps use dotted keys (`enduser.id`): match the longest key first.
  let node = value;
  let rest = dotted;
  while (rest !== '' && node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    const key = Object.keys(obj)
      .filter((k) => rest === k || rest.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return undefined;
    node = obj[key];
    rest = rest.slice(key.length + 1);
  }
  return rest === '' ? node : undefined;
}

/** A time as the shapes write it: ISO, epoch seconds, epoch milliseconds or a nanosecond string. */
function epochMs(value: unknown): number {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  const text = String(value);
  return /^\d{16,}$/.test(text) ? Number(text.slice(0, -6)) : Date.parse(text);
}

describe('generator', function () {
  this.timeout(120000);
  let dirA: string;
  let truthA: ScenarioTruth;

  before(async () => {
    dirA = tmp('a');
    truthA = await generateScenario(dirA, { seed: 5, records: 3000, days: 7 });
  });

  after(() => fs.rmSync(dirA, { recursive: true, force: true }));

  it('gives byte-identical output for the same seed, and other output for another seed', async () => {
    const dirB = tmp('b');
    const dirC = tmp('c');
    try {
      await generateScenario(dirB, { seed: 5, records: 3000, days: 7 });
      await generateScenario(dirC, { seed: 6, records: 3000, days: 7 });
      const files = listFiles(dirA);
      assert.deepEqual(listFiles(dirB), files);
      for (const f of files) assert.ok(fs.readFileSync(path.join(dirA, f)).equals(fs.readFileSync(path.join(dirB, f))), `${f} differs`);
      assert.ok(!fs.readFileSync(path.join(dirA, 'log-chat.jsonl')).equals(fs.readFileSync(path.join(dirC, 'log-chat.jsonl'))));
    } finally {
      fs.rmSync(dirB, { recursive: true, force: true });
      fs.rmSync(dirC, { recursive: true, force: true });
    }
  });

  it('accounts for every line of every file in the truth, and the counts add up', () => {
    const { scenario, lines } = loadTruth(dirA);
    assert.equal(scenario.records, 3000);
    let records = 0;
    const perCampaign = new Map<string, number>();
    for (const f of scenario.files) {
      const file = path.join(dirA, f.name);
      const raw = rawLines(file);
      const truth = lines.get(path.resolve(file)) as TruthLine[];
      assert.equal(raw.length, f.lines, f.name);
      assert.equal(truth.length, f.lines, f.name);
      truth.forEach((t, i) => {
        assert.equal(t.line, i + 1);
        if (t.kind === 'blank') assert.equal(raw[i], '');
        else if (t.kind === 'malformed') assert.throws(() => JSON.parse(raw[i]), `${f.name}:${t.line} should not parse`);
        else {
          assert.doesNotThrow(() => JSON.parse(raw[i]));
          records++;
          if (t.campaign) perCampaign.set(t.campaign, (perCampaign.get(t.campaign) ?? 0) + 1);
        }
      });
      assert.equal(truth.filter((t) => t.kind === 'record').length, f.records);
      assert.equal(truth.filter((t) => t.kind === 'malformed').length, f.malformed);
      assert.equal(truth.filter((t) => t.kind === 'blank').length, f.blank);
      assert.ok(f.malformed > 0 && f.blank > 0, `${f.name} has noise`);
    }
    assert.equal(records, 3000);
    for (const c of scenario.campaigns) assert.equal(perCampaign.get(c.id), c.records, c.id);
  });

  it('labels accounts consistently: campaign members, hard negatives and honest users are disjoint', () => {
    const { scenario, lines } = loadTruth(dirA);
    const members = new Map(scenario.campaigns.flatMap((c) => c.accounts.map((a) => [a, c.id] as const)));
    const negatives = new Map(Object.entries(scenario.hardNegatives).flatMap(([k, list]) => (list ?? []).map((a) => [a, k] as const)));
    for (const a of members.keys()) assert.ok(!negatives.has(a));
    let campaignRecords = 0;
    let templated = 0;
    for (const truth of lines.values()) {
      for (const t of truth) {
        if (t.kind !== 'record') continue;
        assert.equal(t.campaign, members.get(t.account as string) ?? null);
        assert.equal(t.hardNegative, negatives.get(t.account as string) ?? null);
        if (t.campaign) {
          campaignRecords++;
          if (t.template) templated++;
        }
      }
    }
    assert.ok(templated / campaignRecords > 0.95, 'campaign prompts are templated, but for a little cover traffic');
    assert.ok(templated < campaignRecords);
    const crew = scenario.campaigns.find((c) => c.style === 'lockstep-crew');
    assert.ok(crew && crew.accounts.length >= 5 && crew.accounts.length <= 10);
    assert.deepEqual(
      scenario.campaigns.map((c) => c.style).sort(),
      ['burst-reasoning', 'lockstep-crew', 'proxy-harvest'],
    );
    for (const kind of ['proxy-shared', 'enterprise-nat', 'llm-judge-team', 'benign-cot', 'sensitive-plain', 'heavy-user', 'multi-turn']) {
      assert.ok((scenario.hardNegatives[kind as 'heavy-user'] ?? []).length > 0, kind);
    }
  });

  it('writes every export shape, with each signal at the field the truth names', () => {
    const { scenario, lines } = loadTruth(dirA);
    assert.deepEqual(scenario.files.map((f) => f.format).sort(), [...FORMATS].sort());
    assert.ok(scenario.files.some((f) => f.crlf) && scenario.files.some((f) => f.bom));
    const shapeKeys: Record<string, string> = {
      chat: 'request.messages',
      'openai-batch': 'body.messages',
      anthropic: 'response.content',
      'anthropic-batch': 'params.messages',
      otel: 'attributes',
      openinference: 'attributes.llm.input_messages.0.message.content',
      langfuse: 'input',
      langsmith: 'inputs.messages',
      helicone: 'request_body.messages',
      flat: 'model',
    };
    for (const f of scenario.files) {
      const file = path.join(dirA, f.name);
      const raw = rawLines(file);
      for (const t of (lines.get(path.resolve(file)) as TruthLine[]).filter((x) => x.kind === 'record').slice(0, 50)) {
        const rec = JSON.parse(raw[t.line - 1]) as unknown;
        assert.notEqual(at(rec, shapeKeys[f.format]), undefined, `${f.name}: ${shapeKeys[f.format]}`);
        assert.equal(at(rec, f.fields.account), t.account, `${f.name}: account at ${f.fields.account}`);
        assert.notEqual(at(rec, f.fields.time), undefined, `${f.name}: time at ${f.fields.time}`);
        assert.ok(raw[t.line - 1].length > 0);
      }
    }
  });

  it('pivots about half of the harvest campaign to the new model within a day of its first sighting', () => {
    const harvest = truthA.campaigns.find((c) => c.pivot);
    assert.ok(harvest?.pivot);
    const release = Date.parse(harvest.pivot.releasedAt);
    const firstSeen = Date.parse(truthA.models.find((m) => m.name === harvest.pivot?.to)?.firstSeen ?? '');
    assert.ok(firstSeen >= release && firstSeen - release < 3_600_000 * 24);
    const pivotAt = Date.parse(harvest.pivot.pivotAt);
    assert.ok(pivotAt - release <= 3_600_000 * 24);
    // The model of every harvest record after the pivot, read from the logs themselves.
    const modelPath: Record<string, string> = {
      chat: 'request.model',
      'openai-batch': 'body.model',
      anthropic: 'request.model',
      'anthropic-batch': 'params.model',
      otel: 'attributes.gen_ai.request.model',
      openinference: 'attributes.llm.model_name',
      langfuse: 'provided_model_name',
      langsmith: 'extra.invocation_params.model',
      helicone: 'model',
      flat: 'model',
    };
    const { lines } = loadTruth(dirA);
    let after = 0;
    let moved = 0;
    let before = 0;
    for (const f of truthA.files) {
      const file = path.join(dirA, f.name);
      const raw = rawLines(file);
      for (const t of lines.get(path.resolve(file)) as TruthLine[]) {
        if (t.campaign !== harvest.id) continue;
        const rec = JSON.parse(raw[t.line - 1]) as unknown;
        const model = at(rec, modelPath[f.format]);
        const time = epochMs(at(rec, f.fields.time));
        if (!Number.isNaN(time) && time < release) before += model === harvest.pivot.to ? 1 : 0;
        if (Number.isNaN(time) || time < pivotAt) continue;
        after++;
        if (model === harvest.pivot.to) moved++;
      }
    }
    assert.equal(before, 0);
    assert.ok(after > 100 && moved / after > 0.35 && moved / after < 0.65, `${moved}/${after}`);
  });

  it('runs the crew in lockstep: whole rounds, all members within seconds of each other', () => {
    const { lines } = loadTruth(dirA);
    const crew = truthA.campaigns.find((c) => c.style === 'lockstep-crew');
    assert.ok(crew);
    const times: number[] = [];
    const perAccount = new Map<string, number>();
    for (const f of truthA.files) {
      const file = path.join(dirA, f.name);
      const raw = rawLines(file);
      for (const t of lines.get(path.resolve(file)) as TruthLine[]) {
        if (t.campaign !== crew.id) continue;
        perAccount.set(t.account as string, (perAccount.get(t.account as string) ?? 0) + 1);
        times.push(epochMs(at(JSON.parse(raw[t.line - 1]), f.fields.time)));
      }
    }
    assert.equal(perAccount.size, crew.accounts.length);
    assert.equal(new Set(perAccount.values()).size, 1, 'every member sends the same number of records');
    times.sort((a, b) => a - b);
    for (let i = 0; i < times.length; i += crew.accounts.length) {
      const round = times.slice(i, i + crew.accounts.length);
      assert.ok(round[round.length - 1] - round[0] <= 4000, `round at ${new Date(round[0]).toISOString()} spans ${round[round.length - 1] - round[0]} ms`);
    }
  });

  it('writes one gzip file with the fast path, without truth unless asked', async () => {
    const dir = tmp('single');
    try {
      const file = path.join(dir, 'big.jsonl.gz');
      const truth = await generateToFile(file, { seed: 9, records: 800, days: 3, gzip: true, format: 'otel' });
      assert.deepEqual(fs.readdirSync(dir), ['big.jsonl.gz']);
      const raw = rawLines(file);
      assert.equal(raw.length, truth.files[0].lines);
      const parsed = raw.flatMap((l) => {
        try {
          return [JSON.parse(l) as { attributes?: Record<string, unknown> }];
        } catch {
          return [];
        }
      });
      assert.equal(parsed.length, 800);
      assert.ok(parsed.every((r) => r.attributes && 'gen_ai.request.model' in r.attributes));
      assert.deepEqual(scenarioFiles(dir, truth), [file]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads only MIT / Apache-2.0 sets when asked', () => {
    const all = loadSources(publicPromptsDir());
    const permissive = loadSources(publicPromptsDir(), { permissiveOnly: true });
    for (const banned of ['alpaca', 'belle', 'promptfoo', 'mbpp', 'cmath']) {
      assert.ok(!permissive.filesUsed.some((f) => f.toLowerCase().includes(banned)), banned);
      assert.ok(all.filesUsed.some((f) => f.toLowerCase().includes(banned)), banned);
    }
    assert.ok(permissive.mathEn.length > 1000 && permissive.code.length >= 164 && permissive.benignEn.length > 1000);
  });
});

describe('generator building blocks', () => {
  it('parses CSV with quoted commas, doubled quotes and multi-line fields', () => {
    assert.deepEqual(parseCsv('id,text\r\n1,"a, ""b""\r\nc"\r\n2,plain\n'), [
      ['id', 'text'],
      ['1', 'a, "b"\r\nc'],
      ['2', 'plain'],
    ]);
  });

  it('repeats the PRNG sequence for a seed and forks independent streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 5 }, () => a.nextU32());
    assert.deepEqual(seqA, Array.from({ length: 5 }, () => b.nextU32()));
    assert.notDeepEqual(seqA, Array.from({ length: 5 }, () => new Rng(43).nextU32()));
    const x = new Rng(1).fork('one').next();
    const y = new Rng(1).fork('two').next();
    assert.notEqual(x, y);
  });
});
