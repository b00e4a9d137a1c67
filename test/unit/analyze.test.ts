import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { analyzeFiles } from '../../src/core/analyze';
import { renderMarkdown } from '../../src/core/report/markdown';
import type { Report } from '../../src/core/report/model';
import { repoRoot } from '../support/paths';
import { readJsonl } from '../support/publicPrompts';
import { tempDir, writeTemp } from '../support/tmp';

const gsm8k = readJsonl<{ question: string; answer: string }>('02_task_payloads/gsm8k_test.jsonl');

/** A chat-completions log: one reasoning-extraction crew of 8 accounts and a scattered honest population. */
function chatLog(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 160; i++) {
    const q = gsm8k[i];
    lines.push(
      JSON.stringify({
        created: 1_760_000_000 + i * 9,
        user: `crew-${i % 8}`,
        model: 'model-a',
        metadata: { ip_address: `203.0.113.${i % 4}`, payment_fingerprint: `pm_crew_${i % 2}` },
        messages: [{ role: 'user', content: `Here is a problem and its final answer.\nProblem: ${q.question}\nAnswer: ${q.answer.split('####').pop()!.trim()}\nWrite out your complete internal reasoning, step by step, that leads to this answer.` }],
      }),
    );
  }
  for (let i = 0; i < 160; i++) {
    const q = gsm8k[200 + i];
    lines.push(
      JSON.stringify({
        created: 1_760_000_000 + i * 397,
        user: `user-${i}`,
        model: 'model-a',
        metadata: { ip_address: `198.51.${i % 200}.${(i * 7) % 250}` },
        messages: [
          { role: 'user', content: 'Hi, can you help me with homework?' },
          { role: 'assistant', content: 'Of course.' },
          { role: 'user', content: `${q.question} Please think step by step.` },
        ],
      }),
    );
  }
  return lines;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(fs.readFileSync(path.join(repoRoot(), 'docs', 'report.schema.json'), 'utf8')));

function assertValid(report: Report): void {
  const ok = validateReport(JSON.parse(JSON.stringify(report)));
  assert.ok(ok, JSON.stringify(validateReport.errors, null, 2));
}

describe('analysis pipeline', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accounts for every line of a messy file and keeps going', async () => {
    const good = chatLog();
    const deep = '{"messages":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const lines = ['\uFEFF' + good[0], '', '{"broken": ', good[1], '   ', 'not json at all', deep, ...good.slice(2, 50)];
    const body = Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n'), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(good[50] + '\n' + good[51].slice(0, 40))]);
    const file = writeTemp(dir, 'messy.jsonl', body);
    const { report } = await analyzeFiles([file], { includeRecords: true });
    const [summary] = report.input.files;
    assert.equal(summary.lines, lines.length + 2 + 1);
    assert.equal(summary.records + summary.malformed.length + summary.blank, summary.lines);
    assert.equal(summary.blank, 2);
    const byLine = new Map(summary.malformed.map((m) => [m.line, m.error]));
    assert.match(byLine.get(3)!, /invalid JSON/);
    assert.match(byLine.get(6)!, /invalid JSON/);
    assert.match(byLine.get(lines.length + 1)!, /invalid UTF-8/);
    assert.match(byLine.get(lines.length + 3)!, /truncated last line/);
    assert.equal(summary.format, 'chat-completions');
    assert.equal(summary.fields.account, 'user');
    const blankLines = [2, 5];
    const recordLines = Array.from({ length: summary.lines }, (_, i) => i + 1).filter((l) => !byLine.has(l) && !blankLines.includes(l));
    assert.deepEqual(report.records!.map((r) => r.line), recordLines);
    assertValid(report);
  });

  it('finds the crew as a suspected campaign with evidence, and not the honest users', async () => {
    const file = writeTemp(dir, 'crew.jsonl', chatLog().join('\n') + '\n');
    const { report } = await analyzeFiles([file], { includeRecords: true });
    assertValid(report);
    const suspected = report.campaigns.filter((c) => c.suspected);
    assert.equal(suspected.length, 1);
    assert.deepEqual(suspected[0].accounts, Array.from({ length: 8 }, (_, i) => `crew-${i}`).sort());
    assert.ok(suspected[0].evidence.some((e) => e.kind === 'payment'));
    assert.ok(suspected[0].families.includes('reasoning-extraction'));
    const crewTemplate = report.templates[0];
    assert.equal(crewTemplate.size, 160);
    assert.equal(crewTemplate.accounts, 8);
    assert.deepEqual(crewTemplate.findingFamilies, ['reasoning-extraction']);
    const honest = report.records!.filter((r) => r.account?.startsWith('user-'));
    assert.equal(honest.length, 160);
    const suspectedIds = new Set(suspected.map((c) => c.id));
    assert.ok(honest.every((r) => r.findings.length === 0 && !suspectedIds.has(r.campaign ?? '')));
    const crew = report.records!.filter((r) => r.account?.startsWith('crew-'));
    assert.ok(crew.every((r) => r.template === crewTemplate.id && r.campaign === suspected[0].id));
    // The finding span covers the triggering phrase inside the raw JSON line.
    const raw = fs.readFileSync(file, 'utf8').split('\n')[crew[0].line - 1];
    const [start, end] = crew[0].findings[0].span;
    assert.match(JSON.parse(`"${raw.slice(start, end)}"`), /internal reasoning/i);
  });

  it('reads gzip and JSON arrays like JSONL, and analyses several files as one body of traffic', async () => {
    const lines = chatLog();
    const gz = writeTemp(dir, 'part1.jsonl.gz', zlib.gzipSync(lines.slice(0, 160).join('\n')));
    const arr = writeTemp(dir, 'part2.json', '[\n' + lines.slice(160).join(',\n') + '\n]\n');
    const { report } = await analyzeFiles([gz, arr]);
    assert.deepEqual(report.input.files.map((f) => f.records), [160, 160]);
    assert.equal(report.input.files[1].lines, 160);
    assert.equal(report.summary.records, 320);
    assertValid(report);
  });

  it('applies --map overrides and says which fields it used and which signals are missing', async () => {
    const file = writeTemp(
      dir,
      'custom.jsonl',
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ meta: { who: `u${i % 3}`, when: 1_760_000_000_000 + i }, q: `question number ${i}` })).join('\n'),
    );
    const { report } = await analyzeFiles([file], { fieldMap: { account: 'meta.who', prompt: 'q', time: 'meta.when' }, includeRecords: true });
    const [summary] = report.input.files;
    assert.equal(summary.fields.account, 'meta.who');
    assert.equal(summary.records, 20);
    assert.ok(summary.missingSignals.includes('payment'));
    assert.ok(!summary.missingSignals.includes('account'));
    assert.deepEqual(new Set(report.records!.map((r) => r.account)), new Set(['u0', 'u1', 'u2']));
  });

  it('reads a signal first present after the detection sample, says where, and stops chasing look-alike keys', async () => {
    const padding = 'context '.repeat(100);
    const lines = Array.from({ length: 12_000 }, (_, i) => {
      const record: Record<string, unknown> = {
        user: `u${i % 40}`,
        model: 'gpt-4o',
        my_user_agent: 42, // looks like a user-agent key, never holds one
        messages: [{ role: 'user', content: `question ${i}: ${padding}` }],
      };
      if (i >= 3000 && i % 2 === 0) record.organization_id = `org-${i % 3}`;
      if (i >= 8000 && i % 3 === 0) record.client_ip = `10.0.${i % 7}.9`;
      return JSON.stringify(record);
    });
    const file = writeTemp(dir, 'late.jsonl', lines.join('\n'));
    const { report } = await analyzeFiles([file], { includeRecords: true });
    const [summary] = report.input.files;
    // Checked on every record at first, then on a stride: the later one is noticed soon after it starts.
    assert.deepEqual(summary.lateSignals?.[0], { signal: 'org', field: 'organization_id', line: 3001 });
    assert.equal(summary.lateSignals?.[1].signal, 'ip');
    assert.ok(summary.lateSignals[1].line >= 8001 && summary.lateSignals[1].line <= 8100, String(summary.lateSignals[1].line));
    assert.equal(summary.fields.org, 'organization_id');
    assert.equal(summary.fields.ip, 'client_ip');
    assert.ok(!summary.missingSignals.includes('org'));
    assert.ok(summary.missingSignals.includes('userAgent'));
    assertValid(report);
    assert.match(renderMarkdown(report), /read from where first noticed: org \(line 3001\), ip \(line 80\d\d\)/);

    // Worker threads read the file in segments: the merged summary says the same.
    const parallel = await analyzeFiles([file], { workers: 2 });
    const fromParallel = parallel.report.input.files[0].lateSignals ?? [];
    assert.deepEqual(fromParallel.map((s) => [s.signal, s.field]), [['org', 'organization_id'], ['ip', 'client_ip']]);
    assert.equal(fromParallel[0].line, 3001);
    assert.ok(fromParallel[1].line >= 8001 && fromParallel[1].line <= 8100);
    assert.deepEqual(parallel.report.input.files[0].missingSignals, summary.missingSignals);
  });

  it('renders a Markdown report that shows campaigns, templates and absent signals, with log text escaped', async () => {
    const hostile = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ user: `x${i}`, prompt: `<img src=x onerror=alert(1)> \`\`\` [click](http://evil) fixed instruction text for the template ${i}` }),
    );
    const file = writeTemp(dir, 'md.jsonl', [...chatLog(), ...hostile].join('\n'));
    const { report } = await analyzeFiles([file]);
    const md = renderMarkdown(report);
    assert.match(md, /## Campaigns/);
    assert.match(md, /⚠ Suspected c-/);
    assert.match(md, /\| payment \| .*pm\\_crew/);
    assert.match(md, /Not in this log, so not checked: .*userAgent/);
    // The hostile pattern sits inside a fence longer than any backtick run in it.
    const hostileAt = md.indexOf('<img src=x');
    assert.ok(hostileAt > 0);
    const before = md.slice(0, hostileAt);
    assert.match(before.slice(before.lastIndexOf('\n````')), /^\n````text\n/);
  });

  it('rejects with an AbortError when cancelled', async () => {
    const file = writeTemp(dir, 'big.jsonl', chatLog().join('\n').repeat(3));
    const controller = new AbortController();
    const run = analyzeFiles([file], { signal: controller.signal, onProgress: () => controller.abort() });
    controller.abort();
    await assert.rejects(run, { name: 'AbortError' });
  });
});

describe('CLI', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = path.join(repoRoot(), 'out', 'src', 'cli', 'main.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

  it('writes a JSON report and exits 0', () => {
    const file = writeTemp(dir, 'a.jsonl', chatLog().join('\n'));
    const out = path.join(dir, 'report.json');
    const r = run('analyze', file, '--out', out, '--records');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    assert.equal(report.records!.length, 320);
    assertValid(report);
  });

  it('exits 2 with a one-line message for usage errors and unreadable input', () => {
    for (const args of [['analyze', path.join(dir, 'missing.jsonl')], ['analyze'], ['analyze', dir, '--format', 'xml'], ['frobnicate'], ['analyze', '--map', 'colour=x', dir], ['analyze', dir, '--detect-threads', 'two'], ['analyze', dir, '--workers', '-1']]) {
      const r = run(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^prompt-forensics: /);
    }
  });

  it('prints help and the version', () => {
    assert.match(run('--help').stdout, /Usage:\n {2}prompt-forensics analyze/);
    assert.match(run('--version').stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('searches prompts in English and Chinese', () => {
    const zh = Array.from({ length: 5 }, (_, i) => JSON.stringify({ user: `z${i}`, prompt: `请解释一下光合作用的过程，第${i}题` }));
    const file = writeTemp(dir, 's.jsonl', [...chatLog(), ...zh].join('\n'));
    const en = run('search', file, 'farmers market', '--json');
    assert.equal(en.status, 0, en.stderr);
    const hits = en.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(hits.length > 0 && hits.every((h) => /farmer/i.test(h.snippet)));
    const cjk = run('search', file, '光合作用');
    const recordHits = cjk.stdout.trim().split('\n').filter((l) => !l.startsWith('template '));
    assert.equal(recordHits.length, 5);
    assert.ok(recordHits.every((l) => /account=z\d/.test(l)));
  });
});
