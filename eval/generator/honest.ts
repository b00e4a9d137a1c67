/** Honest populations: the ordinary customer base and the hard negatives that resemble campaigns. */
import type { GenRecord, HardNegativeKind } from './model';
import type { Population } from './population';
import { benignConversation, benignCot, benignSingle, fromTemplate, pickMath, sensitivePlain, type PromptDraft } from './prompts';
import { Rng, WeightedTable } from './prng';
import { OWN_JUDGE_TEMPLATES } from './templates/benign';
import { SENSITIVE_POLITICAL_ZH } from './templates/censorship';
import type { Lang } from './templates/compose';
import { FAMILY } from './templates/families';
import {
  accountId,
  diurnal,
  honestModel,
  honestUserAgent,
  isWeekend,
  paymentFingerprint,
  residentialIp,
  responseText,
  type World,
} from './world';

export interface HonestAccount {
  id: string;
  /** Fixed address, or a pool the account's requests rotate through. */
  ips: string[];
  userAgent: string;
  payment?: string;
  org?: string;
  utcOffset: number;
  weight: number;
  lang: Lang;
  /** A personal habit (e.g. which "show your work" wrapper the user types). */
  habit: number;
}

interface HonestSpec {
  name: string;
  hardNegative: HardNegativeKind | null;
  records: number;
  accounts: HonestAccount[];
  weekendFactor: number;
  system?: string;
  draft(rng: Rng, account: HonestAccount): PromptDraft;
}

function honestPopulation(world: World, rng: Rng, spec: HonestSpec): Population {
  const table = new WeightedTable(spec.accounts.map((a) => a.weight));
  const offsets = [...new Set(spec.accounts.map((a) => a.utcOffset))];
  return {
    name: spec.name,
    records: spec.records,
    hardNegative: spec.hardNegative,
    weight: (t) =>
      offsets.reduce((sum, tz) => sum + diurnal(t, tz) * (isWeekend(t, tz) ? spec.weekendFactor : 1), 0) / offsets.length,
    emit(sliceStart, sliceEnd, count) {
      const out: GenRecord[] = [];
      for (let i = 0; i < count; i++) {
        const account = spec.accounts[table.draw(rng)];
        const time = sliceStart + Math.floor(rng.next() * (sliceEnd - sliceStart));
        const draft = spec.draft(rng, account);
        out.push({
          time,
          account: account.id,
          org: account.org,
          payment: account.payment,
          ip: rng.pick(account.ips),
          userAgent: account.userAgent,
          model: honestModel(world, rng, time),
          system: draft.system ?? spec.system,
          turns: draft.turns,
          response: draft.response,
          conversationId: draft.turns.length > 1 ? `conv_${rng.id(12)}` : undefined,
          truth: { ...draft.truth, campaign: null, hardNegative: spec.hardNegative },
        });
      }
      return out;
    },
    accounts: () => spec.accounts.map((a) => a.id),
  };
}

const TIMEZONES = [-8, -5, 0, 1, 2, 5.5, 8, 9];

function individuals(world: World, rng: Rng, count: number, zipf: number, zhShare: number): HonestAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const lang: Lang = rng.chance(zhShare) ? 'zh' : 'en';
    return {
      id: accountId(world, rng),
      ips: [residentialIp(rng)],
      userAgent: honestUserAgent(rng),
      payment: rng.chance(0.85) ? paymentFingerprint(rng) : undefined,
      org: rng.chance(0.2) ? `org_${rng.id(8)}` : undefined,
      utcOffset: lang === 'zh' ? 8 : rng.pick(TIMEZONES),
      weight: 1 / Math.pow(i + 1, zipf),
      lang,
      habit: rng.int(0, 99),
    };
  });
}

export interface HonestShares {
  legit: number;
  conversational: number;
  proxyShared: number;
  enterprise: number;
  judgeTeam: number;
  cot: number;
  sensitive: number;
  heavy: number;
}

export const DEFAULT_HONEST_SHARES: HonestShares = {
  legit: 0.4,
  conversational: 0.05,
  proxyShared: 0.03,
  enterprise: 0.08,
  judgeTeam: 0.015,
  cot: 0.05,
  sensitive: 0.03,
  heavy: 0.04,
};

/** All honest populations. `proxyPool` is the harvest campaign's proxy addresses (shared with honest users). */
export function honestPopulations(world: World, root: Rng, total: number, proxyPool: string[], shares = DEFAULT_HONEST_SHARES): Population[] {
  const n = (share: number) => Math.round(total * share);
  const perAccount = (records: number, mean: number, min: number) => Math.max(min, Math.round(records / mean));
  const pops: Population[] = [];

  let rng = root.fork('legit');
  const legitRecords = n(shares.legit);
  pops.push(
    honestPopulation(world, rng, {
      name: 'legit',
      hardNegative: null,
      records: legitRecords,
      accounts: individuals(world, rng, perAccount(legitRecords, 12, 20), 0.9, 0.25),
      weekendFactor: 0.6,
      draft: (r, a) => (r.chance(0.2) ? benignConversation(world, r, a.lang) : benignSingle(world, r, a.lang)),
    }),
  );

  rng = root.fork('conversational');
  const convRecords = n(shares.conversational);
  pops.push(
    honestPopulation(world, rng, {
      name: 'conversational',
      hardNegative: 'multi-turn',
      records: convRecords,
      accounts: individuals(world, rng, perAccount(convRecords, 25, 5), 0.5, 0.3),
      weekendFactor: 0.8,
      draft: (r, a) => (r.chance(0.85) ? benignConversation(world, r, a.lang) : benignSingle(world, r, a.lang)),
    }),
  );

  rng = root.fork('proxy-shared');
  const proxyRecords = n(shares.proxyShared);
  const proxyUsers = individuals(world, rng, perAccount(proxyRecords, 15, 6), 0.6, 0.3).map((a) => ({
    ...a,
    ips: rng.sample(proxyPool, rng.int(3, 8)),
  }));
  pops.push(
    honestPopulation(world, rng, {
      name: 'proxy-shared',
      hardNegative: 'proxy-shared',
      records: proxyRecords,
      accounts: proxyUsers,
      weekendFactor: 0.7,
      draft: (r, a) => (r.chance(0.25) ? benignConversation(world, r, a.lang) : benignSingle(world, r, a.lang)),
    }),
  );

  rng = root.fork('enterprise');
  const entRecords = n(shares.enterprise);
  const natIp = residentialIp(rng);
  const corpCard = paymentFingerprint(rng);
  const corpOrg = `org_${rng.id(8)}`;
  const corpTz = rng.pick([-5, 1, 8]);
  const employees = perAccount(entRecords, 25, 12);
  const corpUa = honestUserAgent(rng);
  pops.push(
    honestPopulation(world, rng, {
      name: 'enterprise',
      hardNegative: 'enterprise-nat',
      records: entRecords,
      accounts: Array.from({ length: employees }, (_, i) => ({
        id: `${corpOrg.slice(4, 8)}-emp-${String(i + 1).padStart(3, '0')}`,
        ips: [natIp],
        userAgent: rng.chance(0.7) ? corpUa : honestUserAgent(rng),
        payment: corpCard,
        org: corpOrg,
        utcOffset: corpTz,
        weight: 0.5 + rng.next(),
        lang: (corpTz === 8 ? 'zh' : 'en') as Lang,
        habit: i,
      })),
      weekendFactor: 0.1,
      system: 'You are the internal assistant of our company. Be concise and do not share confidential data outside the company.',
      draft: (r, a) => (r.chance(0.4) ? benignConversation(world, r, a.lang) : benignSingle(world, r, a.lang)),
    }),
  );

  rng = root.fork('judge-team');
  const judgeOrg = `org_${rng.id(8)}`;
  const judgeTemplates = [...world.pools.judgeTemplates.filter((t) => t.lang === 'en'), ...OWN_JUDGE_TEMPLATES];
  const teamTemplates = rng.sample(judgeTemplates, 3);
  const teamIp = residentialIp(rng);
  const teamCard = paymentFingerprint(rng);
  pops.push(
    honestPopulation(world, rng, {
      name: 'judge-team',
      hardNegative: 'llm-judge-team',
      records: n(shares.judgeTeam),
      accounts: Array.from({ length: rng.int(2, 4) }, (_, i) => ({
        id: accountId(world, rng),
        ips: [teamIp],
        userAgent: 'OpenAI/Python 1.54.3',
        payment: teamCard,
        org: judgeOrg,
        utcOffset: -8,
        weight: 1,
        lang: 'en' as Lang,
        habit: i,
      })),
      weekendFactor: 0.05,
      draft: (r) => {
        const template = r.pick(teamTemplates);
        // Iterative evaluation: a small fixed question set graded again for each checkpoint.
        const item = world.pools.mathEn[r.int(0, Math.min(79, world.pools.mathEn.length - 1))];
        const candidate = r.chance(0.5) ? item.solution ?? item.answer : `${responseText(r, 'en')} ${item.answer}`;
        const draft = fromTemplate(
          r,
          { id: `judge:${template.name}`, family: 'judge-team', lang: 'en', detection: [FAMILY.grading], text: template.template },
          { question: item.problem, answer: candidate, ref_answer_1: item.answer },
        );
        return { ...draft, system: template.system };
      },
    }),
  );

  rng = root.fork('benign-cot');
  const cotRecords = n(shares.cot);
  pops.push(
    honestPopulation(world, rng, {
      name: 'benign-cot',
      hardNegative: 'benign-cot',
      records: cotRecords,
      accounts: individuals(world, rng, perAccount(cotRecords, 8, 10), 0.7, 0.3),
      weekendFactor: 1.2,
      draft: (r, a) => benignCot(world, r, a.lang, a.habit + (r.chance(0.2) ? 1 : 0)),
    }),
  );

  rng = root.fork('sensitive');
  const sensRecords = n(shares.sensitive);
  pops.push(
    honestPopulation(world, rng, {
      name: 'sensitive-plain',
      hardNegative: 'sensitive-plain',
      records: sensRecords,
      accounts: individuals(world, rng, perAccount(sensRecords, 5, 10), 0.5, 0.4),
      weekendFactor: 0.9,
      draft: (r) => sensitivePlain(world, r, SENSITIVE_POLITICAL_ZH),
    }),
  );

  rng = root.fork('heavy');
  pops.push(
    honestPopulation(world, rng, {
      name: 'heavy-user',
      hardNegative: 'heavy-user',
      records: n(shares.heavy),
      accounts: individuals(world, rng, rng.int(3, 5), 0.3, 0.2).map((a) => ({ ...a, userAgent: 'python-httpx/0.27.2' })),
      weekendFactor: 0.9,
      draft: (r, a) => {
        const roll = r.next();
        if (roll < 0.15) return benignConversation(world, r, a.lang);
        if (roll < 0.3) {
          const item = pickMath(world, r, a.lang);
          return {
            turns: [{ role: 'user', text: item.problem }],
            response: responseText(r, a.lang, item.answer),
            truth: { template: null, templateFamily: null, families: [], lang: a.lang },
          };
        }
        return benignSingle(world, r, a.lang);
      },
    }),
  );
  return pops;
}
