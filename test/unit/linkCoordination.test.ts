import * as assert from 'node:assert/strict';
import { seededRandom } from '../support/publicPrompts';
import { AccountLinker, type LinkObservation, type TemplateInfo } from '../../src/core/link';
import type { CampaignReport } from '../../src/core/report/model';

/*
 * Coordination that shows only in content (a private template kit spread over unrelated accounts),
 * extraction hidden in staged conversations, and an honest team whose parallel jobs look
 * synchronized — with the honest look-alikes each of them must stay apart from.
 */
const T0 = Date.UTC(2026, 2, 2);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Spec = { id: string; family: string | null; finding: string | null };
const SPECS: Record<number, Spec> = {
  1: { id: 't-kit-a', family: 'f-kit', finding: 'rubric-grading' },
  2: { id: 't-kit-b', family: 'f-kit', finding: 'rubric-grading' },
  3: { id: 't-kit-c', family: null, finding: 'rubric-grading' },
  4: { id: 't-kit-d', family: null, finding: 'rubric-grading' },
  10: { id: 't-public-judge-a', family: null, finding: 'rubric-grading' },
  11: { id: 't-public-judge-b', family: null, finding: 'rubric-grading' },
  12: { id: 't-public-judge-c', family: null, finding: 'rubric-grading' },
  20: { id: 't-translate', family: null, finding: null },
  21: { id: 't-summarize', family: null, finding: null },
  22: { id: 't-classify', family: null, finding: null },
  30: { id: 't-why-a', family: 'f-why', finding: 'reasoning-extraction' },
  31: { id: 't-why-b', family: 'f-why', finding: 'reasoning-extraction' },
  32: { id: 't-why-c', family: 'f-why', finding: 'reasoning-extraction' },
  33: { id: 't-simpler', family: null, finding: null },
  34: { id: 't-how-did-you', family: null, finding: null },
  // A wide kit of twelve templates (keys 40–51), all carrying reasoning-extraction findings.
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i): [number, Spec] => [40 + i, { id: `t-wide-${String.fromCharCode(97 + i)}`, family: null, finding: 'reasoning-extraction' }])),
};

/** Observations plus a lookup whose sizes and account counts are those of the stream (as the miner's). */
class Log {
  readonly stream: LinkObservation[] = [];

  emit(o: Omit<LinkObservation, 'families'> & { families?: string[] }): void {
    const finding = o.templateKey !== null ? SPECS[o.templateKey]?.finding : null;
    this.stream.push({ ...o, families: o.families ?? (finding ? [finding] : []) });
  }

  link(): CampaignReport[] {
    const stats = new Map<number, { size: number; accounts: Set<string> }>();
    for (const o of this.stream) {
      if (o.templateKey === null) continue;
      const s = stats.get(o.templateKey) ?? { size: 0, accounts: new Set<string>() };
      s.size++;
      s.accounts.add(o.account);
      stats.set(o.templateKey, s);
    }
    const lookup = (key: number): TemplateInfo | undefined => {
      const spec = SPECS[key];
      const s = stats.get(key);
      return spec && { id: spec.id, family: spec.family, size: s?.size ?? 0, accounts: s?.accounts.size ?? 0 };
    };
    const linker = new AccountLinker();
    for (const o of [...this.stream].sort((a, b) => (a.time ?? 0) - (b.time ?? 0))) linker.add(o);
    return linker.finish(lookup);
  }
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
const suspectedWith = (campaigns: CampaignReport[], prefix: string) => campaigns.filter((c) => c.suspected && c.accounts.some((a) => a.startsWith(prefix)));
const describe_ = (campaigns: CampaignReport[]) =>
  campaigns
    .map((c) => `${c.size}@${c.score} [${c.accounts.slice(0, 3).join(',')}…]` + (c.suspected ? ` {${c.evidence.filter((e) => (e.weight ?? 0) > 0).map((e) => `${e.kind} ${e.weight}: ${e.detail.slice(0, 90)}`).join(' | ')}}` : ''))
    .join('; ');

/** Ordinary customers: conversational, their own address and card, now and then a common template. */
function background(log: Log, r: () => number, n: number, days: number): void {
  for (let u = 0; u < n; u++) {
    const records = 10 + Math.floor(r() * 30);
    for (let k = 0; k < records; k++) {
      const templated = r() < 0.15;
      log.emit({ account: `user-${u}`, time: T0 + Math.floor(r() * days * DAY), ip: `10.${u}.${Math.floor(r() * 3)}.7`, payment: `pm_user_${u}`, userAgent: 'Mozilla/5.0 Chrome/121.0', turnCount: templated ? 1 : 2 + Math.floor(r() * 6), templateKey: templated ? 20 + (k % 3) : null });
    }
  }
}

const CLIENTS = ['python-httpx/0.27.2', 'anthropic-python/0.39.0', 'openai-python/1.54.3', 'node-fetch/3.3', 'curl/8.5.0', 'python-requests/2.32.3'];

/** Slow, human-hours use: a few requests on most days over four weeks, each account on its own. */
function slowAccount(log: Log, r: () => number, account: string, i: number, templateKeys: number[], extra: Partial<LinkObservation> = {}): void {
  for (let d = 0; d < 28; d++) {
    if (r() < 0.2) continue;
    const n = 2 + Math.floor(r() * 5);
    for (let k = 0; k < n; k++) {
      const time = T0 + d * DAY + 1 * HOUR + Math.floor(r() * 9 * HOUR);
      log.emit({ account, time, ip: `100.${64 + (i % 60)}.${i}.9`, payment: `pm_${account}`, userAgent: CLIENTS[i % CLIENTS.length], model: 'm-1', turnCount: 1, templateKey: templateKeys[Math.floor(r() * templateKeys.length)], ...extra });
    }
  }
}

describe('AccountLinker: coordination shown by content alone', () => {
  it('suspects a crew spread over unrelated-looking accounts that all send one private template kit', () => {
    const r = seededRandom(31);
    const log = new Log();
    const crew = names('crew-', 24);
    crew.forEach((account, i) => slowAccount(log, r, account, i, [1, 2, 3, 4]));
    background(log, r, 60, 28);
    const campaigns = log.link();
    const found = campaigns.find((c) => c.accounts.includes('crew-00'));
    assert.ok(found, describe_(campaigns));
    assert.deepEqual(found.accounts, crew);
    assert.ok(found.suspected, `score ${found.score}`);
    const kit = found.evidence.find((e) => e.kind === 'template' && e.detail.startsWith('exclusive kit'));
    assert.ok(kit && (kit.weight ?? 0) > 0, JSON.stringify(found.evidence.slice(0, 6)));
    assert.match(kit.detail, /4 templates carrying findings .* 100% of its records and accounts in this group, sent by 24 accounts of 24 distinct identities/);
    assert.deepEqual(suspectedWith(campaigns, 'user-'), []);
  });

  it('keeps a large crew whole when each account sends its own few templates of a wide kit', () => {
    // 300 low-and-slow accounts, each on its own address, card and hours, in an ordinary browser,
    // each sending four or five of twelve kit templates: every template is shared by far more
    // accounts than are linked pairwise, so two accounts meet in a template's posting only as ring
    // neighbours. Their overlap must still count every template they share, not only that one.
    const r = seededRandom(53);
    const log = new Log();
    const crew = names('wide-', 300);
    const kit = [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51];
    crew.forEach((account, i) => {
      const own = [...kit].sort(() => r() - 0.5).slice(0, 4 + Math.floor(r() * 2));
      const start = Math.floor(r() * 14) * HOUR;
      for (let d = 0; d < 21; d++) {
        if (r() > 0.3) continue;
        for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
          const time = T0 + d * DAY + start + Math.floor(r() * 10 * HOUR);
          log.emit({ account, time, ip: `100.${64 + (i % 60)}.${i % 250}.${9 + Math.floor(i / 250)}`, payment: `pm_${account}`, userAgent: 'Mozilla/5.0 Chrome/121.0', model: 'm-1', turnCount: 1, templateKey: own[Math.floor(r() * own.length)] });
        }
      }
    });
    background(log, r, 60, 21);
    const campaigns = log.link();
    const found = campaigns.find((c) => c.accounts.includes('wide-00'));
    assert.ok(found?.suspected, describe_(campaigns));
    // Two records sharing a template or two are too little to tie an account to anyone.
    const records = new Map<string, number>();
    for (const o of log.stream) records.set(o.account, (records.get(o.account) ?? 0) + 1);
    const linkable = crew.filter((account) => (records.get(account) ?? 0) >= 4);
    assert.ok(linkable.length >= 290, String(linkable.length));
    assert.deepEqual(linkable.filter((account) => !found.accounts.includes(account)), []);
    assert.ok(found.accounts.every((account) => account.startsWith('wide-')), found.accounts.join(','));
    assert.deepEqual(suspectedWith(campaigns, 'user-'), []);
  });

  it('does not suspect an honest crowd on popular public templates', () => {
    const r = seededRandom(37);
    const log = new Log();
    // 40 unrelated labs grade with three public judge templates that many others also use now and then.
    names('lab-', 40).forEach((account, i) => slowAccount(log, r, account, i, [10, 11, 12]));
    for (let u = 0; u < 120; u++) {
      for (let k = 0; k < 30; k++) {
        const judge = r() < 0.3;
        log.emit({ account: `dev-${u}`, time: T0 + Math.floor(r() * 28 * DAY), ip: `10.200.${u}.1`, payment: `pm_dev_${u}`, turnCount: judge ? 1 : 2 + Math.floor(r() * 4), templateKey: judge ? 10 + (k % 3) : null });
      }
    }
    // 40 unrelated users of three popular templates that carry no findings.
    names('tool-', 40).forEach((account, i) => slowAccount(log, r, account, 100 + i, [20, 21, 22]));
    background(log, r, 40, 28);
    const campaigns = log.link();
    assert.deepEqual(suspectedWith(campaigns, 'lab-'), [], describe_(campaigns));
    assert.deepEqual(suspectedWith(campaigns, 'tool-'), [], describe_(campaigns));
    const labs = campaigns.find((c) => c.accounts.includes('lab-00'));
    const kit = labs?.evidence.find((e) => e.kind === 'template' && e.detail.startsWith('exclusive kit'));
    assert.ok(!kit || kit.weight === 0, kit?.detail);
  });

  it('does not count a kit shared inside one declared org or behind one app backend card', () => {
    const r = seededRandom(41);
    const log = new Log();
    // One organisation: 12 accounts, each with its own address, all declaring the org.
    names('team-', 12).forEach((account, i) => slowAccount(log, r, account, i, [1, 2, 3], { org: 'org-evals' }));
    // One app's end users: one backend card, one client.
    names('student-', 30).forEach((account, i) => slowAccount(log, r, account, 200 + i, [4, 21], { payment: 'pm_app_backend', userAgent: 'tutor-app/3.2' }));
    background(log, r, 40, 28);
    const campaigns = log.link();
    for (const prefix of ['team-', 'student-']) {
      const c = campaigns.find((x) => x.accounts.some((a) => a.startsWith(prefix)));
      const kit = c?.evidence.find((e) => e.kind === 'template' && e.detail.startsWith('exclusive kit'));
      assert.ok(!kit || kit.weight === 0, `${prefix}: ${kit?.detail}`);
      if (kit) assert.match(kit.detail, /of 1 distinct identity/);
    }
    assert.deepEqual(suspectedWith(campaigns, 'team-'), [], describe_(campaigns));
  });
});

describe('AccountLinker: an honest team in one declared org', () => {
  /** Two or three accounts of one lab run the same evaluation in parallel, minute by minute. */
  function lab(org: string | undefined, seed: number): CampaignReport[] {
    const r = seededRandom(seed);
    const log = new Log();
    const team = names('judge-', 3);
    for (const run of [0, 9]) {
      for (let m = 0; m < 8 * 60; m++) {
        team.forEach((account, i) => {
          for (let k = 0; k < 2; k++) {
            log.emit({ account, time: T0 + run * DAY + 14 * HOUR + m * MIN + Math.floor(r() * 50_000), ip: `128.32.45.${20 + i}`, payment: 'pm_lab_grant', org, userAgent: 'anthropic-python/0.39.0', model: 'm-1', turnCount: 1, templateKey: 10 });
          }
        });
      }
    }
    background(log, r, 40, 14);
    return log.link();
  }

  it('does not suspect its synchronized evaluation runs once the org is declared', () => {
    const campaigns = lab('org-university', 43);
    const team = campaigns.find((c) => c.accounts.includes('judge-00'));
    assert.ok(team, 'the team should still be reported as a cluster');
    assert.ok(!team.suspected, `score ${team.score}: ${JSON.stringify(team.evidence.slice(0, 4))}`);
    const timing = team.evidence.find((e) => e.kind === 'timing');
    assert.ok(timing, 'timing is still shown');
    assert.match(timing.detail, /all in org org-university/);
    assert.equal(timing.weight, 0);
  });

  it('still reads the same traffic without a declared org as coordinated', () => {
    const campaigns = lab(undefined, 43);
    const team = campaigns.find((c) => c.accounts.includes('judge-00'));
    assert.ok(team?.suspected, String(team?.score));
  });
});

describe('AccountLinker: an honest team at one address, no org declared', () => {
  /** Three API keys of one team, all from one office address, running a judge template in parallel. */
  /** `chats`: conversations (three-turn records, no template) each key also holds, from the same site. */
  function team(payment: (i: number) => string | undefined, seed: number, ip: (r: () => number, i: number) => string = () => '128.32.45.20', chats = 0): CampaignReport | undefined {
    const r = seededRandom(seed);
    const log = new Log();
    const keys = names('key-', 3);
    for (const run of [0, 9]) {
      for (let m = 0; m < 8 * 60; m++) {
        keys.forEach((account, i) => {
          log.emit({ account, time: T0 + run * DAY + 14 * HOUR + m * MIN + Math.floor(r() * 50_000), ip: ip(r, i), payment: payment(i), userAgent: 'langsmith-py/0.1', model: 'm-1', turnCount: 1, templateKey: 10 });
        });
      }
    }
    keys.forEach((account, i) => {
      for (let c = 0; c < chats; c++) {
        log.emit({ account, time: T0 + (1 + c) * DAY + 10 * HOUR + Math.floor(r() * 6 * HOUR), ip: ip(r, i), payment: payment(i), userAgent: 'Mozilla/5.0 Chrome/121.0', model: 'm-1', turnCount: 3, templateKey: null });
      }
    });
    background(log, r, 40, 14);
    return log.link().find((c) => c.accounts.includes('key-00'));
  }

  it('is not suspected: one site, no card shared, timing and address count as a team\'s', () => {
    const found = team(() => undefined, 47);
    assert.ok(found, 'still reported as a cluster');
    assert.ok(!found.suspected, `score ${found.score}: ${JSON.stringify(found.evidence.slice(0, 4))}`);
    const timing = found.evidence.find((e) => e.kind === 'timing');
    assert.match(timing?.detail ?? '', /all in one address 128\.32\.45\.20, no org declared/);
  });

  it('stays a team when all keys bill to one card (one operator), not when a card joins only some of them', () => {
    assert.ok(!team(() => 'pm_team', 47)?.suspected);
    assert.ok(team((i) => (i < 2 ? 'pm_shared' : 'pm_own'), 47)?.suspected);
  });

  it('is one site behind a campus NAT pool: each key leaves through any of four addresses of one /24 and also chats', () => {
    const found = team(() => 'pm_grant', 47, (r) => `128.32.45.${20 + Math.floor(r() * 4)}`, 1);
    assert.ok(found, 'still reported as a cluster');
    assert.ok(!found.suspected, `score ${found.score}: ${JSON.stringify(found.evidence.slice(0, 4))}`);
    assert.match(found.evidence.find((e) => e.kind === 'timing')?.detail ?? '', /all in one network 128\.32\.45\.0\/24 \(4 addresses\), no org declared/);
  });

  it('is no site when each key keeps its own address in the range, rotates through dozens, or only runs the script', () => {
    assert.ok(team(() => 'pm_grant', 47, (_, i) => `128.32.45.${20 + i}`, 6)?.suspected, 'one rented address per account');
    assert.ok(team(() => 'pm_grant', 47, (r) => `128.32.45.${20 + Math.floor(r() * 40)}`, 6)?.suspected, 'a proxy range');
    assert.ok(team(() => 'pm_grant', 47, (r) => `128.32.45.${20 + Math.floor(r() * 4)}`)?.suspected, 'scripted accounts taking turns through a pool, no conversation');
  });
});

describe('AccountLinker: extraction staged as conversations', () => {
  /**
   * Each call is a record (a span or gateway log): a conversation of two or three user turns gives
   * an opener (one turn), maybe a follow-up, and a closing turn carrying the history before it.
   */
  function conversation(log: Log, account: string, time: number, extra: Partial<LinkObservation>, turns: { templateKey: number | null; families?: string[] }[]): void {
    turns.forEach((t, k) => log.emit({ account, time: time + k * 40_000, turnCount: 2 * k + 1, ...extra, ...t }));
  }

  function world(seed: number): { campaigns: CampaignReport[]; crew: string[] } {
    const r = seededRandom(seed);
    const log = new Log();
    const crew = names('chat-', 30);
    // Round robin every five minutes over three datacenter /24s, for three days.
    for (let slot = 0; slot < (3 * DAY) / (5 * MIN); slot++) {
      const i = slot % crew.length;
      const extra = { ip: `185.220.${14 + (i % 3)}.${100 + i}`, userAgent: 'python-requests/2.32.3', model: 'm-1' };
      const closing = { templateKey: 30 + Math.floor(r() * 3) };
      const turns = r() < 0.5 ? [{ templateKey: null }, closing] : [{ templateKey: null }, { templateKey: 33 }, closing];
      conversation(log, crew[i], T0 + slot * 5 * MIN + Math.floor(r() * 60_000), extra, turns);
    }
    // Honest conversational users: long chats, some closing with a common "how did you get that?"
    // (templated, no finding), some with a free-text request that a rule flags (not templated).
    for (let u = 0; u < 80; u++) {
      const chats = 6 + Math.floor(r() * 10);
      for (let c = 0; c < chats; c++) {
        const n = 2 + Math.floor(r() * 4);
        const last = r();
        const turns = Array.from({ length: n }, (_, k): { templateKey: number | null; families?: string[] } => {
          if (k < n - 1) return { templateKey: null };
          if (last < 0.3) return { templateKey: 34 };
          if (last < 0.45) return { templateKey: null, families: ['reasoning-extraction'] };
          return { templateKey: null };
        });
        conversation(log, `talker-${u}`, T0 + Math.floor(r() * 3 * DAY), { ip: `185.220.${14 + (u % 3)}.${10 + (u % 60)}`, payment: `pm_talker_${u}`, userAgent: 'Mozilla/5.0 Chrome/121.0' }, turns);
      }
    }
    background(log, r, 40, 3);
    return { campaigns: log.link(), crew };
  }

  it('links and suspects the crew whose chats close with templated extraction requests', () => {
    const { campaigns, crew } = world(47);
    const found = campaigns.find((c) => c.accounts.includes('chat-00'));
    assert.ok(found, describe_(campaigns));
    assert.ok(found.suspected, `score ${found.score}: ${JSON.stringify(found.evidence.slice(0, 5))}`);
    assert.ok(found.accounts.filter((a) => a.startsWith('chat-')).length >= 0.9 * crew.length, describe_(campaigns));
    assert.ok(found.accounts.every((a) => a.startsWith('chat-')), found.accounts.join(','));
    assert.ok(found.evidence.some((e) => e.kind === 'behaviour' && /conversations close with a templated turn/.test(e.detail)));
  });

  it('leaves genuinely conversational users unflagged, even when they ask how an answer was reached', () => {
    const { campaigns } = world(47);
    assert.deepEqual(suspectedWith(campaigns, 'talker-'), [], describe_(campaigns));
    assert.deepEqual(suspectedWith(campaigns, 'user-'), [], describe_(campaigns));
  });
});

describe('AccountLinker: a templated crowd without distillation content', () => {
  /** A class sends the same homework prompt (no finding) from the campus NAT, in the same lab hours. */
  function classroom(finding: string | null, seed: number): CampaignReport | undefined {
    const r = seededRandom(seed);
    const log = new Log();
    const students = names('student-', 80);
    for (let week = 0; week < 3; week++) {
      for (const student of students) {
        for (let k = 0; k < 3; k++) {
          const time = T0 + week * 7 * DAY + 10 * HOUR + Math.floor(r() * 2 * HOUR);
          log.emit({ account: student, time, ip: '10.40.0.1', userAgent: 'Mozilla/5.0', model: 'm-1', turnCount: 1, templateKey: 20, families: finding ? [finding] : [] });
        }
      }
    }
    background(log, r, 40, 21);
    return log.link().find((c) => c.accounts.includes('student-00'));
  }

  it('is reported but not suspected, with a line saying why', () => {
    const crowd = classroom(null, 51);
    assert.ok(crowd && !crowd.suspected, String(crowd?.score));
    assert.ok(crowd.evidence.some((e) => e.kind === 'behaviour' && /without distillation content counts 60%/.test(e.detail)));
  });

  it('counts in full once the same traffic carries extraction findings', () => {
    const crowd = classroom('reasoning-extraction', 51);
    const plain = classroom(null, 51);
    assert.ok(crowd && plain && crowd.score > plain.score, `${crowd?.score} vs ${plain?.score}`);
    assert.ok(!crowd.evidence.some((e) => /without distillation content/.test(e.detail)));
  });
});
