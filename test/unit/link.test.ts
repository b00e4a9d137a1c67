import * as assert from 'node:assert/strict';
import { seededRandom } from '../support/publicPrompts';
import { AccountLinker, type LinkObservation, type TemplateInfo } from '../../src/core/link';
import type { CampaignReport } from '../../src/core/report/model';

/*
 * Seeded synthetic observation streams: three campaigns (a proxy-pool harvest with a model pivot,
 * bursty reasoning extraction from varied clients, a small lockstep crew) and the hard negatives the
 * threat model names (honest proxy neighbours, an enterprise NAT + card, honest LLM-judge teams,
 * lone heavy users) plus ordinary background customers.
 */
const T0 = Date.UTC(2026, 1, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const NEW_MODEL_SIGHTED = T0 + 50 * HOUR;

const rng = seededRandom;

const TEMPLATES: Record<number, TemplateInfo & { finding: string | null }> = {
  1: { id: 't-harvest-a', family: 'f-harvest', size: 0, accounts: 0, finding: 'reasoning-extraction' },
  2: { id: 't-harvest-b', family: 'f-harvest', size: 0, accounts: 0, finding: 'reasoning-extraction' },
  3: { id: 't-cot', family: 'f-cot', size: 0, accounts: 0, finding: 'reasoning-extraction' },
  4: { id: 't-rubric', family: 'f-rubric', size: 0, accounts: 0, finding: 'rubric-grading' },
  5: { id: 't-rewrite', family: 'f-rewrite', size: 0, accounts: 0, finding: 'censorship-rewrite' },
  6: { id: 't-judge', family: 'f-judge', size: 0, accounts: 0, finding: 'rubric-grading' },
  7: { id: 't-translate', family: null, size: 0, accounts: 0, finding: null },
  8: { id: 't-summarize', family: null, size: 0, accounts: 0, finding: null },
  9: { id: 't-ticket', family: null, size: 0, accounts: 0, finding: null },
  10: { id: 't-sql', family: null, size: 0, accounts: 0, finding: null },
  11: { id: 't-caption', family: null, size: 0, accounts: 0, finding: null },
};

const lookup = (key: number): TemplateInfo | undefined => TEMPLATES[key];

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
const GROUPS = {
  hydra: names('hydra-', 30),
  burst: names('burst-', 12),
  crew: names('crew-', 6),
  proxyHonest: names('proxyuser-', 15),
  enterprise: names('acme-', 25),
  judgeIterative: names('evalco-', 4),
  judgeOneShot: names('gradelab-', 3),
  heavy: names('heavy-', 3),
  background: names('user-', 40),
};

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/121.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) Safari/17.2',
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/122.0',
];
const proxyIp = (r: () => number) => `198.51.100.${1 + Math.floor(r() * 40)}`;

/** The whole stream, in time order (ties keep generation order). */
function generate(seed = 7): LinkObservation[] {
  const r = rng(seed);
  const out: LinkObservation[] = [];
  const emit = (o: Omit<LinkObservation, 'families'> & { families?: string[] }) => {
    const finding = o.templateKey !== null ? TEMPLATES[o.templateKey]?.finding : null;
    out.push({ ...o, families: o.families ?? (finding ? [finding] : []) });
  };
  const modelAt = (t: number, pivotShare: number) => (t >= NEW_MODEL_SIGHTED + 4 * HOUR && r() < pivotShare ? 'm-new' : 'm-old');

  // Campaign 1: proxy-pool harvest over 96 h, 3 accounts on shift per hour (round robin), five
  // shared cards, one client library, a paraphrase family of two templates; ~60% of its traffic
  // moves to m-new 4 h after that model is first sighted.
  for (let h = 0; h < 96; h++) {
    for (let s = 0; s < 3; s++) {
      const idx = (h * 3 + s) % GROUPS.hydra.length;
      const account = GROUPS.hydra[idx];
      for (let k = 0; k < 10; k++) {
        const time = T0 + h * HOUR + Math.floor(r() * HOUR);
        emit({ account, time, ip: proxyIp(r), payment: `pm_hydra_${idx % 5}`, userAgent: 'python-httpx/0.27.0', model: modelAt(time, 0.65), turnCount: 1, templateKey: r() < 0.5 ? 1 : 2 });
      }
    }
  }
  // Campaign 2: bursty reasoning extraction: 24 bursts; in each, all 12 accounts fire within two
  // minutes. Every account has its own client, IP and card; they share a /24.
  for (let b = 0; b < 24; b++) {
    const start = T0 + Math.floor(r() * 90 * 60) * MIN;
    GROUPS.burst.forEach((account, i) => {
      for (let k = 0; k < 6; k++) {
        emit({ account, time: start + Math.floor(r() * 2 * MIN), ip: `203.0.113.${10 + i}`, payment: `pm_b_${i}`, userAgent: `client-${i}/1.${i}`, model: 'm-old', turnCount: 1, templateKey: 3 });
      }
    });
  }
  // Campaign 3: a small lockstep crew: 6 accounts, every 10 minutes for 8 h on two days, rubric and
  // rewrite templates; nothing shared but content and timing.
  for (const day of [0, 1]) {
    for (let m = 0; m < 8 * 60; m += 10) {
      const time = T0 + day * 24 * HOUR + 9 * HOUR + m * MIN;
      GROUPS.crew.forEach((account, i) => {
        emit({ account, time: time + Math.floor(r() * 20_000), ip: `100.${64 + i}.${i * 7}.${i + 2}`, userAgent: 'curl/8.5.0', payment: `pm_crew_${i}`, model: 'm-old', turnCount: 1, templateKey: m % 20 === 0 ? 4 : 5 });
      });
    }
  }
  // Hard negative: honest customers on the same proxy pool, conversational, varied prompts.
  for (const account of GROUPS.proxyHonest) {
    const n = 20 + Math.floor(r() * 20);
    for (let k = 0; k < n; k++) {
      emit({ account, time: T0 + Math.floor(r() * 96 * HOUR), ip: proxyIp(r), payment: `pm_${account}`, userAgent: BROWSERS[Math.floor(r() * 3)], model: 'm-old', turnCount: 2 + Math.floor(r() * 6), templateKey: r() < 0.2 ? 7 : null });
    }
  }
  // Hard negative: an enterprise, one NAT address and one corporate card, conversational work.
  for (const account of GROUPS.enterprise) {
    const n = 30 + Math.floor(r() * 30);
    for (let k = 0; k < n; k++) {
      const day = Math.floor(r() * 4);
      const time = T0 + day * 24 * HOUR + 8 * HOUR + Math.floor(r() * 9 * HOUR);
      emit({ account, time, ip: '192.0.2.10', payment: 'pm_acme_corporate', org: 'org-acme', userAgent: BROWSERS[k % 3], model: time > NEW_MODEL_SIGHTED + 30 * HOUR && r() < 0.3 ? 'm-new' : 'm-old', turnCount: 1 + Math.floor(r() * 8), templateKey: r() < 0.15 ? 8 : r() < 0.1 ? 7 : null });
    }
  }
  // Hard negative: an honest LLM-as-judge team iterating on its rubric (one org, card, NAT).
  for (const account of GROUPS.judgeIterative) {
    for (let k = 0; k < 60; k++) {
      const time = T0 + Math.floor(r() * 2) * 24 * HOUR + 10 * HOUR + Math.floor(r() * 7 * HOUR);
      emit({ account, time, ip: '192.0.2.77', payment: 'pm_evalco', org: 'org-evalco', userAgent: 'python-httpx/0.27.0', model: 'm-old', turnCount: r() < 0.5 ? 1 : 3 + Math.floor(r() * 4), templateKey: 6 });
    }
  }
  // Hard negative: a second judge team, single-turn grading calls, openly in one org.
  for (const account of GROUPS.judgeOneShot) {
    for (let k = 0; k < 80; k++) {
      const time = T0 + 30 * HOUR + Math.floor(r() * 20 * HOUR);
      emit({ account, time, ip: '192.0.2.90', payment: 'pm_gradelab', org: 'org-gradelab', userAgent: 'openai-python/1.12.0', model: 'm-old', turnCount: 1, templateKey: 6 });
    }
  }
  // Hard negative: lone heavy users, each with their own batch job, sharing only a common client.
  GROUPS.heavy.forEach((account, i) => {
    for (let k = 0; k < 800; k++) {
      emit({ account, time: T0 + Math.floor(r() * 96 * HOUR), ip: `172.16.${i}.5`, payment: `pm_heavy_${i}`, userAgent: 'python-requests/2.31.0', model: 'm-old', turnCount: 1, templateKey: 9 + i });
    }
  });
  // Background: ordinary customers; one of them tries m-new first (that is its first sighting).
  GROUPS.background.forEach((account, i) => {
    const n = 5 + Math.floor(r() * 40);
    for (let k = 0; k < n; k++) {
      emit({ account, time: T0 + Math.floor(r() * 96 * HOUR), ip: `10.${i}.${Math.floor(r() * 3)}.${1 + Math.floor(r() * 200)}`, payment: `pm_${account}`, userAgent: BROWSERS[i % 3], model: 'm-old', turnCount: 1 + Math.floor(r() * 6), templateKey: r() < 0.1 ? 8 : null });
    }
  });
  emit({ account: GROUPS.background[0], time: NEW_MODEL_SIGHTED, model: 'm-new', turnCount: 2, templateKey: null });
  // Records without an account cannot be linked.
  for (let k = 0; k < 5; k++) emit({ account: '', time: T0 + k * HOUR, turnCount: 1, templateKey: 1 });
  out.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
  fillTemplateStats(out);
  return out;
}

function fillTemplateStats(stream: LinkObservation[]): void {
  const accounts = new Map<number, Set<string>>();
  for (const info of Object.values(TEMPLATES)) info.size = 0;
  for (const o of stream) {
    if (o.templateKey === null) continue;
    TEMPLATES[o.templateKey].size++;
    const set = accounts.get(o.templateKey) ?? new Set<string>();
    set.add(o.account);
    accounts.set(o.templateKey, set);
  }
  for (const [key, set] of accounts) TEMPLATES[key].accounts = set.size;
}

const ALL_NEGATIVES = [
  ...GROUPS.proxyHonest,
  ...GROUPS.enterprise,
  ...GROUPS.judgeIterative,
  ...GROUPS.judgeOneShot,
  ...GROUPS.heavy,
  ...GROUPS.background,
];

function link(stream: LinkObservation[], threshold?: number): CampaignReport[] {
  const linker = new AccountLinker();
  for (const o of stream) linker.add(o);
  return linker.finish(lookup, { threshold });
}

const containing = (campaigns: CampaignReport[], account: string) => campaigns.find((c) => c.accounts.includes(account));

describe('AccountLinker on a mixed synthetic log', () => {
  const stream = generate();
  const campaigns = link(stream);
  const suspected = campaigns.filter((c) => c.suspected);

  it('finds exactly the three campaigns, each with all of its members and nobody else', () => {
    assert.equal(suspected.length, 3, suspected.map((c) => `${c.id} ${c.score} ${c.accounts.join(',')}`).join('\n'));
    for (const group of [GROUPS.hydra, GROUPS.burst, GROUPS.crew]) {
      const c = containing(suspected, group[0]);
      assert.ok(c, `no suspected campaign holds ${group[0]}`);
      assert.deepEqual(c.accounts, [...group].sort());
      assert.equal(c.size, group.length);
      assert.ok(c.score >= 0.8, `${group[0]}: score ${c.score}`);
      assert.equal(c.records, stream.filter((o) => group.includes(o.account)).length);
    }
  });

  it('flags none of the hard negatives', () => {
    for (const account of ALL_NEGATIVES) {
      const c = containing(campaigns, account);
      assert.ok(!c || !c.suspected, `${account} swept into ${c?.id} (score ${c?.score})`);
    }
  });

  it('keeps honest proxy neighbours out of the campaign that shares their exits', () => {
    const hydra = containing(campaigns, GROUPS.hydra[0])!;
    const pool = new Set(stream.filter((o) => GROUPS.hydra.includes(o.account)).map((o) => o.ip));
    const neighbours = GROUPS.proxyHonest.filter((a) => stream.some((o) => o.account === a && pool.has(o.ip)));
    assert.equal(neighbours.length, GROUPS.proxyHonest.length, 'every honest proxy user shares an exit with the campaign');
    for (const a of neighbours) assert.ok(!hydra.accounts.includes(a), a);
    assert.ok(hydra.evidence.some((e) => e.kind === 'network' && /share IP 198\.51\.100\./.test(e.detail)));
  });

  it('reports the enterprise and the judge teams, if at all, as unsuspected clusters with low scores', () => {
    for (const group of [GROUPS.enterprise, GROUPS.judgeIterative, GROUPS.judgeOneShot]) {
      const c = containing(campaigns, group[0]);
      if (!c) continue;
      assert.equal(c.suspected, false);
      assert.ok(c.score < 0.45, `${group[0]}: ${c.score}`);
      assert.ok(c.accounts.every((a) => group.includes(a)), `${group[0]} cluster mixes groups: ${c.accounts.join(',')}`);
    }
  });

  it('leaves lone heavy users unlinked', () => {
    for (const a of GROUPS.heavy) assert.equal(containing(campaigns, a), undefined, a);
  });

  it('detects the model pivot of the harvest campaign and no other', () => {
    const hydra = containing(campaigns, GROUPS.hydra[0])!;
    assert.ok(hydra.pivot);
    assert.equal(hydra.pivot.to, 'm-new');
    assert.ok(hydra.pivot.withinHours >= 4 && hydra.pivot.withinHours <= 6, String(hydra.pivot.withinHours));
    // Recount: share of the campaign's records on m-new on the day after its first use of it.
    const firstUse = Math.min(...stream.filter((o) => GROUPS.hydra.includes(o.account) && o.model === 'm-new').map((o) => o.time!));
    const dayAfter = (Math.floor(firstUse / 86_400_000) + 1) * 86_400_000;
    const window = stream.filter((o) => GROUPS.hydra.includes(o.account) && o.time! >= dayAfter && o.time! < dayAfter + 86_400_000);
    const share = window.filter((o) => o.model === 'm-new').length / window.length;
    assert.ok(Math.abs(hydra.pivot.share - share) < 0.01, `${hydra.pivot.share} vs ${share}`);
    assert.ok(hydra.evidence.some((e) => e.kind === 'pivot' && e.detail.includes('m-new')));
    const newUse = hydra.models.find((m) => m.model === 'm-new')!;
    assert.equal(newUse.records, stream.filter((o) => GROUPS.hydra.includes(o.account) && o.model === 'm-new').length);
    for (const c of campaigns) if (c !== hydra) assert.equal(c.pivot, null, c.id);
  });

  it('shows the coordination that sets each campaign apart', () => {
    const hydra = containing(campaigns, GROUPS.hydra[0])!;
    assert.ok(hydra.evidence.some((e) => e.kind === 'rotation' && (e.weight ?? 0) >= 0.5), 'rotation');
    assert.ok(hydra.evidence.some((e) => e.kind === 'payment'), 'payment');
    for (const group of [GROUPS.burst, GROUPS.crew]) {
      const c = containing(campaigns, group[0])!;
      const timing = c.evidence.find((e) => e.kind === 'timing');
      assert.ok(timing && /^((hour|minute) )?bursts: /.test(timing.detail) && (timing.weight ?? 0) >= 0.5, `${group[0]}: ${timing?.detail}`);
    }
    const crew = containing(campaigns, GROUPS.crew[0])!;
    assert.deepEqual([...crew.families].sort(), ['censorship-rewrite', 'rubric-grading']);
    assert.deepEqual([...crew.templates].sort(), ['t-rewrite', 't-rubric']);
  });

  it('writes evidence a reviewer can check against the records', () => {
    const checked = new Map<string, number>();
    const check = (what: string) => checked.set(what, (checked.get(what) ?? 0) + 1);
    for (const c of suspected) {
      assert.ok(c.evidence.length >= 4, c.id);
      for (const e of c.evidence) {
        assert.ok(e.accounts.length >= 1 && e.accounts.every((a) => c.accounts.includes(a)), e.detail);
        assert.deepEqual(e.accounts, [...e.accounts].sort());
        const members = new Set(e.accounts);
        const records = stream.filter((o) => members.has(o.account));
        let m: RegExpExecArray | null;
        if ((m = /^(\d+) accounts send template (\S+) \(([\d,]+) records/.exec(e.detail))) {
          const key = Number(Object.entries(TEMPLATES).find(([, t]) => t.id === m![2])![0]);
          const using = records.filter((o) => o.templateKey === key);
          assert.equal(new Set(using.map((o) => o.account)).size, Number(m[1]), e.detail);
          assert.equal(using.length, Number(m[3].replace(/,/g, '')), e.detail);
          check('template');
        } else if ((m = /^(\d+) accounts share payment (\S+)/.exec(e.detail))) {
          const users = new Set(records.filter((o) => o.payment === m![2]).map((o) => o.account));
          assert.equal(users.size, Number(m[1]), e.detail);
          check('payment');
        } else if ((m = /^(\d+) accounts in (\d+\.\d+\.\d+)\.0\/24/.exec(e.detail))) {
          const users = new Set(records.filter((o) => o.ip?.startsWith(m![2] + '.')).map((o) => o.account));
          assert.equal(users.size, Number(m[1]), e.detail);
          check('subnet');
        } else if ((m = /^bursts: (\d+) accounts .*\(>= (\d+) members in each\), e\.g\. (.*)$/.exec(e.detail))) {
          for (const when of m[3].split(', ')) {
            const minute = Date.parse(when);
            const active = new Set(stream.filter((o) => c.accounts.includes(o.account) && o.time! >= minute && o.time! < minute + 60_000).map((o) => o.account));
            assert.ok(active.size >= Number(m[2]), `${when}: ${active.size} active`);
          }
          check('bursts');
        } else if ((m = /^(hour|minute) bursts: .* e\.g\. (.*)$/.exec(e.detail))) {
          const width = m[1] === 'hour' ? 3_600_000 : 60_000;
          for (const [, when, n] of m[2].matchAll(/(\S+) \((\d+) accounts\)/g)) {
            const start = Date.parse(when);
            const active = new Set(stream.filter((o) => c.accounts.includes(o.account) && o.time! >= start && o.time! < start + width).map((o) => o.account));
            assert.equal(active.size, Number(n), `${when}: ${active.size} active`);
          }
          check('bursts');
        } else if ((m = /^(\d+)% of ([\d,]+) records are single-turn/.exec(e.detail))) {
          const single = records.filter((o) => o.turnCount <= 1).length;
          assert.equal(Math.round((100 * single) / records.length), Number(m[1]), e.detail);
          check('single-turn');
        }
      }
    }
    for (const what of ['template', 'payment', 'subnet', 'bursts', 'single-turn']) assert.ok(checked.get(what), `no ${what} evidence was checked`);
  });

  it('counts records without an account as unlinkable', () => {
    const linker = new AccountLinker();
    for (const o of stream) linker.add(o);
    assert.equal(linker.unlinkable, 5);
  });

  it('reports clusters of two or more accounts, sorted by score, with stable ids', () => {
    assert.ok(campaigns.every((c) => c.size >= 2 && c.size === c.accounts.length));
    for (let i = 1; i < campaigns.length; i++) assert.ok(campaigns[i - 1].score >= campaigns[i].score);
    assert.ok(campaigns.every((c) => /^c-[0-9a-f]{10}$/.test(c.id)));
    assert.equal(new Set(campaigns.map((c) => c.id)).size, campaigns.length);
    const again = link(generate(7));
    assert.deepEqual(again.map((c) => c.id), campaigns.map((c) => c.id));
  });

  it('applies the threshold option without changing the clusters', () => {
    const strict = link(stream, 0.99);
    assert.equal(strict.filter((c) => c.suspected).length, 0);
    assert.deepEqual(strict.map((c) => c.id), campaigns.map((c) => c.id));
  });

  it('gives the same campaigns from three merged shard states as from one pass', () => {
    for (const split of ['contiguous', 'interleaved'] as const) {
      const shards = [new AccountLinker(), new AccountLinker(), new AccountLinker()];
      stream.forEach((o, i) => shards[split === 'interleaved' ? i % 3 : Math.min(2, Math.floor((3 * i) / stream.length))].add(o));
      const restored = shards.map((s) => AccountLinker.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))));
      const merged = restored[2];
      merged.merge(restored[0]);
      merged.merge(restored[1]);
      assert.equal(merged.unlinkable, 5);
      assert.deepEqual(merged.finish(lookup), campaigns, split);
    }
  });

  it('scores a campaign independently of other seeds (generalizes across random draws)', () => {
    for (const seed of [1, 2, 3]) {
      const s = generate(seed);
      const found = link(s).filter((c) => c.suspected);
      assert.deepEqual(found.map((c) => c.accounts[0].replace(/\d+$/, '')).sort(), ['burst-', 'crew-', 'hydra-'], `seed ${seed}`);
      for (const c of found) assert.ok(c.accounts.every((a) => !ALL_NEGATIVES.includes(a)), `seed ${seed}: ${c.accounts.join(',')}`);
    }
  });
});

describe('AccountLinker on small cases', () => {
  const base = { turnCount: 1, templateKey: 3, families: ['reasoning-extraction'] };

  it('never calls a single account a campaign', () => {
    const linker = new AccountLinker();
    for (let i = 0; i < 5000; i++) linker.add({ ...base, account: 'solo', time: T0 + i * 1000, ip: '203.0.113.9', payment: 'pm_solo' });
    assert.deepEqual(linker.finish(lookup), []);
  });

  it('links an IPv4 client written as IPv4-mapped IPv6 and with a port', () => {
    const linker = new AccountLinker();
    for (let i = 0; i < 50; i++) {
      linker.add({ ...base, templateKey: null, account: 'a', time: T0 + i * 60_000, ip: '::ffff:203.0.113.77' });
      linker.add({ ...base, templateKey: null, account: 'b', time: T0 + i * 90_000 + 7_000, ip: '203.0.113.77:51234' });
    }
    const [c] = linker.finish(lookup);
    assert.ok(c, 'no cluster');
    assert.deepEqual(c.accounts, ['a', 'b']);
    assert.ok(c.evidence.some((e) => e.kind === 'network' && e.detail.startsWith('2 accounts share IP 203.0.113.77 (all in one address 203.0.113.77, no org declared')));
  });

  it('keeps a campaign whole when its template is also used by hundreds of honest accounts', () => {
    const r = rng(11);
    const linker = new AccountLinker();
    const bots = Array.from({ length: 60 }, (_, i) => `bot-${i}`);
    for (let h = 0; h < 48; h++) {
      for (const [i, account] of bots.entries()) {
        if ((h + i) % 4 !== 0) continue;
        for (let k = 0; k < 5; k++) linker.add({ ...base, templateKey: 1, account, time: T0 + h * HOUR + Math.floor(r() * HOUR), ip: proxyIp(r) });
      }
    }
    for (let u = 0; u < 300; u++) {
      for (let k = 0; k < 20; k++) {
        const templated = r() < 0.3;
        linker.add({ account: `honest-${u}`, time: T0 + Math.floor(r() * 48 * HOUR), ip: proxyIp(r), turnCount: templated ? 1 : 2 + Math.floor(r() * 5), templateKey: templated ? 1 : null, families: templated ? ['reasoning-extraction'] : [] });
      }
    }
    const found = linker.finish(lookup).filter((c) => c.accounts.some((a) => a.startsWith('bot-')));
    assert.equal(found.length, 1, found.map((c) => c.size).join(','));
    assert.deepEqual(found[0].accounts, [...bots].sort());
    assert.ok(found[0].suspected, String(found[0].score));
  });

  it('links bursty accounts that share no template and no infrastructure, by timing alone', () => {
    const r = rng(5);
    const linker = new AccountLinker();
    const crew = Array.from({ length: 8 }, (_, i) => `sync-${i}`);
    for (let b = 0; b < 30; b++) {
      const minute = T0 + Math.floor(r() * 72 * 60) * MIN;
      crew.forEach((account, i) => {
        for (let k = 0; k < 4; k++) {
          linker.add({ account, time: minute + Math.floor(r() * 50_000), ip: `100.${70 + i}.1.1`, payment: `pm_s${i}`, userAgent: `agent-${i}`, turnCount: 1, templateKey: null, families: ['reasoning-extraction'] });
        }
      });
    }
    // Honest bursty scripts at their own times, and quiet users.
    for (let u = 0; u < 20; u++) {
      for (let b = 0; b < 10; b++) {
        const minute = T0 + Math.floor(r() * 72 * 60) * MIN;
        for (let k = 0; k < 4; k++) linker.add({ account: `script-${u}`, time: minute + Math.floor(r() * 50_000), ip: `10.9.${u}.1`, turnCount: 1, templateKey: null, families: [] });
      }
    }
    const campaigns = linker.finish(lookup);
    const found = campaigns.find((c) => c.accounts.includes('sync-0'));
    assert.ok(found, 'not linked');
    assert.deepEqual(found.accounts, [...crew].sort());
    assert.ok(found.suspected, String(found.score));
    assert.ok(found.evidence.some((e) => e.kind === 'timing'));
    assert.ok(campaigns.every((c) => c.accounts.every((a) => !a.startsWith('script-')) || !c.suspected));
  });

  it('does not flag unrelated customers who all use one public judge template', () => {
    const r = rng(23);
    const linker = new AccountLinker();
    for (let u = 0; u < 50; u++) {
      for (let k = 0; k < 20; k++) {
        linker.add({ account: `lab-${u}`, time: T0 + Math.floor(r() * 96 * HOUR), ip: `10.${u}.0.${1 + (k % 3)}`, payment: `pm_lab_${u}`, userAgent: BROWSERS[u % 3], turnCount: 1, templateKey: 6, families: ['rubric-grading'] });
      }
    }
    for (let u = 0; u < 30; u++) {
      for (let k = 0; k < 25; k++) linker.add({ account: `person-${u}`, time: T0 + Math.floor(r() * 96 * HOUR), turnCount: 3, templateKey: null, families: [] });
    }
    const campaigns = linker.finish(lookup);
    assert.ok(campaigns.every((c) => !c.suspected), campaigns.map((c) => `${c.size}: ${c.score}`).join(', '));
  });

  it('rejects states that are not linker states', () => {
    assert.throws(() => AccountLinker.fromJSON({ accounts: [] }), /not an AccountLinker state/);
  });

  it('keeps per-account state bounded however many records and values an account has', () => {
    const small = new AccountLinker();
    const large = new AccountLinker();
    for (let i = 0; i < 200; i++) small.add({ ...base, account: 'x', time: T0 + i * 61_000, ip: `10.0.${i % 256}.${i % 200}`, userAgent: `ua-${i}`, payment: `pm-${i}`, templateKey: i, model: `m-${i}` });
    for (let i = 0; i < 20_000; i++) large.add({ ...base, account: 'x', time: T0 + i * 61_000, ip: `10.${i % 250}.${i % 256}.${i % 200}`, userAgent: `ua-${i}`, payment: `pm-${i}`, templateKey: i, model: `m-${i}` });
    const size = (l: AccountLinker) => JSON.stringify(l.toJSON()).length;
    // 100 times the records and distinct values: the state grows only by longer numbers.
    assert.ok(size(large) < size(small) * 1.5, `${size(large)} vs ${size(small)}`);
  });
});
