import * as assert from 'node:assert/strict';
import { AccountAggregate } from '../../src/core/link/account';
import { joinKitCommunities } from '../../src/core/link/kit';
import type { AccountProfile } from '../../src/core/link/profile';
import type { TemplateLookup } from '../../src/core/link/types';

/** An account that sent `n` records of each template key; flagged templates carry a finding. */
function account(name: string, sent: Record<number, number>, flagged: Set<number>): AccountProfile {
  const agg = new AccountAggregate();
  for (const [key, n] of Object.entries(sent)) {
    for (let i = 0; i < n; i++) agg.add({ account: name, turnCount: 1, templateKey: Number(key), families: flagged.has(Number(key)) ? ['reasoning-extraction'] : [] });
  }
  return { name, agg } as AccountProfile;
}

const lookup: TemplateLookup = (key) => ({ id: `t${key}`, family: null, size: 0, accounts: 0 });

/** Template totals over the whole log (all accounts given). */
function totals(profiles: AccountProfile[]): Map<string, { records: number; accounts: number }> {
  const out = new Map<string, { records: number; accounts: number }>();
  for (const p of profiles) {
    for (const [key, [n]] of p.agg.templateUses()) {
      const t = out.get(`t${key}`) ?? { records: 0, accounts: 0 };
      t.records += n;
      t.accounts++;
      out.set(`t${key}`, t);
    }
  }
  return out;
}

describe('linking: communities that share an operator kit are joined', () => {
  const KIT = new Set([1, 2, 3]);

  it('joins communities that both send mostly kit templates and share two of them', () => {
    const profiles = [account('a', { 1: 3, 2: 2 }, KIT), account('b', { 1: 2, 3: 2 }, KIT), account('c', { 2: 3, 3: 1 }, KIT), account('d', { 1: 1, 2: 4 }, KIT)];
    const joined = joinKitCommunities([[0, 1], [2, 3]], [], profiles, lookup, totals(profiles));
    assert.deepEqual(joined, [[0, 1, 2, 3]]);
  });

  it('joins an account left alone to a community when it sends mostly their kit, two templates of it at least', () => {
    // Twelve crew accounts in one community hold the kit (>= 80 % of its records and accounts).
    const crew = Array.from({ length: 12 }, (_, i) => account(`crew${i}`, { 1: 2, 2: 2, 3: 1 }, KIT));
    const profiles = [...crew, account('loner', { 1: 1, 3: 1 }, KIT), account('one-template', { 1: 2 }, KIT), account('honest', { 1: 1, 2: 1, 9: 10 }, KIT)];
    const community = crew.map((_, i) => i);
    assert.deepEqual(joinKitCommunities([community], [12, 13, 14], profiles, lookup, totals(profiles)), [[...community, 12]]);
  });

  it('joins an account that hides the kit among many one-off prompts of its own', () => {
    const crew = Array.from({ length: 12 }, (_, i) => account(`crew${i}`, { 1: 10, 2: 10, 3: 8 }, KIT));
    // 32 flagged kit records, and 30 prompts of its own (one template each: more templates than an
    // account's uniform template sample keeps). The kit must still be seen.
    const oneOffs = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [100 + i, 1]));
    const hiding = account('hiding', { ...oneOffs, 1: 12, 2: 12, 3: 8 }, KIT);
    assert.ok([1, 2, 3].some((key) => !hiding.agg.templates.has(key)), 'the uniform sample should miss part of the kit here');
    const profiles = [...crew, hiding];
    const community = crew.map((_, i) => i);
    assert.deepEqual(joinKitCommunities([community], [12], profiles, lookup, totals(profiles)), [[...community, 12]]);
  });

  it('joins an account whose kit records are fewer than half its traffic only when they are dozens', () => {
    const crew = Array.from({ length: 12 }, (_, i) => account(`crew${i}`, { 1: 20, 2: 20, 3: 16 }, KIT));
    const oneOffs = (n: number, from: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [from + i, 1]));
    // 45 kit records beside 55 ordinary prompts (45 %): joined. 6 kit records beside 8 (43 %): not.
    const covered = account('covered', { ...oneOffs(55, 100), 1: 16, 2: 16, 3: 13 }, KIT);
    const dabbler = account('dabbler', { ...oneOffs(8, 300), 1: 3, 2: 3 }, KIT);
    const profiles = [...crew, covered, dabbler];
    const community = crew.map((_, i) => i);
    assert.deepEqual(joinKitCommunities([community], [12, 13], profiles, lookup, totals(profiles)), [[...community, 12]]);
  });

  it('does not make a kit of templates that only accounts on their own send', () => {
    const profiles = [account('a', { 7: 3, 8: 2 }, new Set([7, 8])), account('b', { 7: 2, 8: 2 }, new Set([7, 8])), account('c', { 1: 2, 2: 2 }, KIT), account('d', { 1: 2, 2: 1 }, KIT)];
    assert.deepEqual(joinKitCommunities([[0, 1]], [2, 3], profiles, lookup, totals(profiles)), [[0, 1]]);
  });

  it('keeps apart communities that share only one kit template', () => {
    // Template 1 is most of both communities' traffic, and theirs alone; 2 and 3 are each one's own.
    const profiles = [account('a', { 1: 3, 2: 2 }, KIT), account('b', { 1: 2, 2: 2 }, KIT), account('c', { 1: 3, 3: 1 }, KIT), account('d', { 1: 3, 3: 1 }, KIT)];
    assert.deepEqual(joinKitCommunities([[0, 1], [2, 3]], [], profiles, lookup, totals(profiles)), [[0, 1], [2, 3]]);
  });

  it('never joins a community whose traffic is mostly something else (a team that also tried the kit)', () => {
    const profiles = [account('a', { 1: 3, 2: 2 }, KIT), account('b', { 1: 2, 2: 2 }, KIT), account('team1', { 1: 1, 2: 1, 9: 20 }, KIT), account('team2', { 9: 15, 1: 1, 2: 1 }, KIT)];
    assert.deepEqual(joinKitCommunities([[0, 1], [2, 3]], [], profiles, lookup, totals(profiles)), [[0, 1], [2, 3]]);
  });

  it('does not treat templates much sent outside the communities as a kit, nor ones without findings', () => {
    const outsiders = Array.from({ length: 6 }, (_, i) => account(`o${i}`, { 1: 2, 2: 2 }, KIT));
    const profiles = [account('a', { 1: 3, 2: 2 }, KIT), account('b', { 1: 2, 2: 2 }, KIT), account('c', { 1: 3, 2: 1 }, KIT), account('d', { 1: 1, 2: 4 }, KIT), ...outsiders];
    assert.deepEqual(joinKitCommunities([[0, 1], [2, 3]], [], profiles, lookup, totals(profiles)), [[0, 1], [2, 3]]);
    const unflagged = [account('a', { 1: 3, 2: 2 }, new Set()), account('b', { 1: 2, 2: 2 }, new Set()), account('c', { 1: 3, 2: 1 }, new Set()), account('d', { 1: 1, 2: 4 }, new Set())];
    assert.deepEqual(joinKitCommunities([[0, 1], [2, 3]], [], unflagged, lookup, totals(unflagged)), [[0, 1], [2, 3]]);
  });
});
