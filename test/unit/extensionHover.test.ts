import * as assert from 'node:assert/strict';
import { recordHoverMarkdown } from '../../src/core/view/hoverText';
import { codeBlock, escapeMarkdown, truncate } from '../../src/core/view/markdown';
import { ReportIndex } from '../../src/core/view/reportIndex';
import { fixture, FIXTURE_FILE } from './extensionFixture';

describe('extension hover text', () => {
  it('escapes Markdown, links, HTML and autolinks in log text', () => {
    const e = escapeMarkdown('[x](command:workbench.action.quit) <img src=x> **b** http://evil.example\n# h');
    assert.ok(!e.includes('](command'), e);
    assert.ok(!/<img/.test(e), e);
    assert.ok(!e.includes('**'), e);
    assert.ok(!e.includes('http://'), e);
    assert.ok(!e.includes('\n'), e);
    assert.match(e, /&lt;img src\\=x&gt;/);
  });

  it('fences code with a fence longer than any backtick run inside', () => {
    const block = codeBlock('a ```` b');
    assert.ok(block.startsWith('`````text\n'), block);
    assert.ok(block.endsWith('\n`````'), block);
  });

  it('truncates without splitting a surrogate pair', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('ab😀cd', 4), 'ab…');
  });

  it('describes template, campaign and findings of a record, with the triggering phrase', () => {
    const { report, lines } = fixture();
    const index = new ReportIndex(report);
    const md = recordHoverMarkdown(index, index.recordAt(FIXTURE_FILE, 2)!, lines[1].raw);
    assert.match(md, /\*\*Template\*\* `T-reason` — 24 records from 8 accounts/);
    assert.match(md, /suspected campaign\*\* `C-acct` — score 0\.87/);
    assert.match(md, /Reasoning\\-trace extraction\*\* · reasoning\\\.answer\\-then\\-explain · high/);
    assert.match(md, /write out your complete internal reasoning step by step/);
    // Evidence detail is log-derived: its HTML and command link must not survive.
    assert.ok(!md.includes('<img'), md);
    assert.ok(!md.includes('](command:'), md);
  });
});
