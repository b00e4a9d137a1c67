import * as assert from 'node:assert/strict';
import { PromptIndex } from '../../src/core/search';
import { resolveHits } from '../../src/core/view/promptSearch';
import { ReportIndex } from '../../src/core/view/reportIndex';
import { renderTemplateDocument, slotFillers } from '../../src/core/view/templateDocument';
import { fixture } from './extensionFixture';

describe('extension template document and prompt search', () => {
  const { report, lines } = fixture();
  const index = new ReportIndex(report);

  it('finds the slot fillers of a prompt that follows a pattern', () => {
    const text = 'Hello   Ada,\nyour order 42 shipped.';
    const fillers = slotFillers('Hello <*>, your order <*> shipped.', text)!;
    assert.deepEqual(fillers.map(([s, e]) => text.slice(s, e)), ['Ada', '42']);
    assert.equal(slotFillers('Hello <*>!', 'Goodbye Ada!'), undefined);
  });

  it('renders a template with its slots and example fillers located', () => {
    const t = index.templatesById.get('T-reason')!;
    const doc = renderTemplateDocument(index, t, 3);
    const docLines = doc.text.split('\n');
    assert.equal(doc.slotRanges.length, 2);
    for (const r of doc.slotRanges) assert.equal(docLines[r.line].slice(r.start, r.end), '<*>');
    const filled = doc.fillerRanges.map((r) => docLines[r.line].slice(r.start, r.end));
    assert.deepEqual(filled.slice(0, 2), ['What is 17 * 23?', 'answer 0']);
    assert.equal(filled.length, 6);
  });

  it('searches prompts by words and prefixes, resolving hits to records and templates', () => {
    const engine = PromptIndex.fromReport(report);
    const search = { search: (q: string) => resolveHits(index, engine.search(q, 200)) };
    const hits = search.search('photosynth');
    assert.ok(hits.length >= 1);
    for (const h of hits) assert.ok(h.kind === 'record' && /photosynthesis/.test(h.record.prompt ?? '') && h.record === index.recordAt(h.record.file, h.record.line));
    const both = search.search('irrational reasoning');
    const records = both.filter((h) => h.kind === 'record');
    assert.ok(records.length > 0);
    for (const h of records) assert.ok(h.kind === 'record' && /irrational/.test(h.record.prompt ?? '') && /reasoning/.test(h.record.prompt ?? ''));
    assert.ok(search.search('rubric candidate').some((h) => h.kind === 'template' && h.template.id === 'T-rubric'));
    assert.equal(search.search('   ').length, 0);
    assert.equal(lines.length, index.records.length);
  });
});
