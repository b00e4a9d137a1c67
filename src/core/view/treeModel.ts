/**
 * The three trees of the workbench (Campaigns, Templates, Findings) as plain data: which nodes a
 * parent has and how each node is presented. The VS Code tree providers only map these to TreeItems.
 */
import type { CampaignReport, Evidence, TemplateReport } from '../report/model';
import { familyLook } from './families';
import { truncate } from './markdown';
import type { ReportIndex, ViewRecord } from './reportIndex';

export type TreeNode =
  | { kind: 'campaign'; campaign: CampaignReport }
  | { kind: 'evidenceGroup'; campaign: CampaignReport }
  | { kind: 'evidence'; evidence: Evidence }
  | { kind: 'account'; account: string; campaign?: CampaignReport }
  | { kind: 'template'; template: TemplateReport; account?: string }
  | { kind: 'templateAccounts'; template: TemplateReport }
  | { kind: 'family'; family: string }
  | { kind: 'rule'; family: string; rule: string }
  | { kind: 'record'; record: ViewRecord; findingIndex?: number }
  | { kind: 'more'; hidden: number; parentLabel: string }
  | { kind: 'message'; text: string };

export interface NodePresentation {
  label: string;
  description?: string;
  /** Plain text (never Markdown): log text may appear in it. */
  tooltip?: string;
  icon?: string;
  /** Theme colour id for the icon. */
  iconColor?: string;
  collapsible: boolean;
  contextValue: string;
  /** Stable id so the tree keeps expansion state across refreshes. */
  id: string;
}

/** Children beyond this are summarised by a "… N more" node (use Search Prompts to reach them). */
export const MAX_CHILDREN = 200;

export function campaignRoots(index: ReportIndex, showUnsuspected: boolean): TreeNode[] {
  const campaigns = index.report.campaigns.filter((c) => showUnsuspected || c.suspected).sort((a, b) => b.score - a.score || b.records - a.records);
  if (!campaigns.length) {
    const hidden = index.report.campaigns.length;
    return [{ kind: 'message', text: hidden ? `No suspected campaigns (${hidden} cluster${hidden === 1 ? '' : 's'} below threshold hidden)` : 'No campaigns found' }];
  }
  return campaigns.map((campaign) => ({ kind: 'campaign', campaign }));
}

export function templateRoots(index: ReportIndex): TreeNode[] {
  const templates = [...index.report.templates].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  if (!templates.length) return [{ kind: 'message', text: 'No templates mined' }];
  return cap(templates.map((template) => ({ kind: 'template', template })), 'templates');
}

export function findingRoots(index: ReportIndex): TreeNode[] {
  const families = [...index.findingsByFamily.keys()].sort((a, b) => countFamily(index, b) - countFamily(index, a) || a.localeCompare(b));
  if (!families.length) return [{ kind: 'message', text: 'No findings' }];
  return families.map((family) => ({ kind: 'family', family }));
}

export function childrenOf(index: ReportIndex, node: TreeNode): TreeNode[] {
  switch (node.kind) {
    case 'campaign': {
      const accounts: TreeNode[] = node.campaign.accounts.map((account) => ({ kind: 'account', account, campaign: node.campaign }));
      const head: TreeNode[] = node.campaign.evidence.length ? [{ kind: 'evidenceGroup', campaign: node.campaign }] : [];
      return [...head, ...cap(accounts, 'accounts')];
    }
    case 'evidenceGroup':
      return [...node.campaign.evidence].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0)).map((evidence) => ({ kind: 'evidence', evidence }));
    case 'account':
      return cap(
        index.templatesOfAccount(node.account).map((template) => ({ kind: 'template', template, account: node.account })),
        'templates',
      ).concat(untemplatedRecords(index, node.account));
    case 'template': {
      const records = node.account ? index.recordsOfAccountAndTemplate(node.account, node.template.id) : index.recordsByTemplate.get(node.template.id) ?? [];
      const head: TreeNode[] = node.account ? [] : [{ kind: 'templateAccounts', template: node.template }];
      return [...head, ...cap(records.map((record) => ({ kind: 'record', record })), 'records')];
    }
    case 'templateAccounts':
      return cap(
        index.accountsOfTemplate(node.template.id).map(({ account }) => ({ kind: 'account', account, campaign: index.campaignOf(account) })),
        'accounts',
      );
    case 'family':
      return [...(index.findingsByFamily.get(node.family) ?? new Map()).entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([rule]) => ({ kind: 'rule', family: node.family, rule }));
    case 'rule': {
      const refs = index.findingsByFamily.get(node.family)?.get(node.rule) ?? [];
      return cap(refs.map(({ record, findingIndex }) => ({ kind: 'record', record, findingIndex })), 'records');
    }
    default:
      return [];
  }
}

function untemplatedRecords(index: ReportIndex, account: string): TreeNode[] {
  const loose = (index.recordsByAccount.get(account) ?? []).filter((r) => !r.template);
  return cap(loose.map((record) => ({ kind: 'record', record })), 'records');
}

function cap(nodes: TreeNode[], what: string): TreeNode[] {
  if (nodes.length <= MAX_CHILDREN) return nodes;
  return [...nodes.slice(0, MAX_CHILDREN), { kind: 'more', hidden: nodes.length - MAX_CHILDREN, parentLabel: what }];
}

function countFamily(index: ReportIndex, family: string): number {
  let n = 0;
  for (const refs of index.findingsByFamily.get(family)?.values() ?? []) n += refs.length;
  return n;
}

function span(first: string | null, last: string | null): string {
  if (!first && !last) return '';
  const day = (s: string | null) => (s ? s.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z') : '?');
  return `${day(first)} → ${day(last)}`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Pattern preview with slots made visible and whitespace collapsed. */
export function patternPreview(pattern: string, max = 100): string {
  return truncate(pattern.replace(/\s+/g, ' ').replace(/<\*>/g, '⟨…⟩').trim(), max);
}

export function present(index: ReportIndex, node: TreeNode): NodePresentation {
  switch (node.kind) {
    case 'campaign': {
      const c = node.campaign;
      const when = span(c.firstSeen, c.lastSeen);
      return {
        id: `campaign:${c.id}`,
        label: `${c.suspected ? '' : '(below threshold) '}${c.families.length ? c.families.join(' + ') : 'linked accounts'}`,
        description: `score ${c.score.toFixed(2)} · ${c.accounts.length} accounts · ${c.records} records · ${c.id}`,
        tooltip: [
          `${c.suspected ? 'Suspected campaign' : 'Account cluster below the campaign threshold'} ${c.id}`,
          `Score ${c.score.toFixed(3)}; ${c.accounts.length} accounts, ${c.records} records, ${c.templates.length} templates`,
          c.families.length ? `Families: ${c.families.join(', ')}` : '',
          when ? `Seen ${when}` : '',
          c.models.length ? `Models: ${c.models.map((m) => `${m.model} (${m.records})`).join(', ')}` : '',
          c.pivot ? `Pivot to ${c.pivot.to}: ${(c.pivot.share * 100).toFixed(0)}% within ${c.pivot.withinHours} h` : '',
        ].filter(Boolean).join('\n'),
        icon: c.suspected ? 'flame' : 'organization',
        iconColor: c.suspected ? 'promptForensics.campaign.suspected' : undefined,
        collapsible: true,
        contextValue: 'campaign',
      };
    }
    case 'evidenceGroup':
      return { id: `evidence:${node.campaign.id}`, label: 'Evidence', description: `${node.campaign.evidence.length} items`, icon: 'law', collapsible: true, contextValue: 'evidenceGroup' };
    case 'evidence': {
      const e = node.evidence;
      return {
        id: `evidence:${e.kind}:${e.detail}:${e.accounts.join(',')}`,
        label: `${e.kind}: ${truncate(e.detail, 80)}`,
        description: `${e.accounts.length} accounts${e.weight !== undefined ? ` · weight ${e.weight.toFixed(2)}` : ''}`,
        tooltip: `${e.kind}\n${e.detail}\nAccounts: ${truncate(e.accounts.join(', '), 1000)}`,
        icon: EVIDENCE_ICONS[e.kind] ?? 'info',
        collapsible: false,
        contextValue: 'evidence',
      };
    }
    case 'account': {
      const records = index.recordsByAccount.get(node.account) ?? [];
      const c = node.campaign;
      return {
        id: `account:${c?.id ?? ''}:${node.account}`,
        label: node.account,
        description: `${records.length} records${c ? ` · ${c.id} (${c.score.toFixed(2)})` : ''}`,
        tooltip: `Account ${node.account}\n${records.length} records${c ? `\n${c.suspected ? 'Suspected campaign' : 'Cluster'} ${c.id}, score ${c.score.toFixed(2)}` : ''}`,
        icon: 'account',
        collapsible: records.length > 0,
        contextValue: 'account',
      };
    }
    case 'template': {
      const t = node.template;
      const families = t.findingFamilies ?? [];
      const look = families.length ? familyLook(families[0]) : undefined;
      return {
        id: `template:${node.account ?? ''}:${t.id}`,
        label: patternPreview(t.pattern),
        description: `${t.id} · ×${t.size} · ${t.accounts} accounts${families.length ? ` · ${families.join(', ')}` : ''}`,
        tooltip: [`Template ${t.id}: ${t.size} records, ${t.accounts} accounts`, families.length ? `Findings: ${families.join(', ')}` : '', span(t.firstSeen, t.lastSeen), '', truncate(t.pattern, 2000)]
          .filter((s, i) => s || i === 3)
          .join('\n'),
        icon: look?.icon ?? 'symbol-snippet',
        iconColor: look?.colorId,
        collapsible: true,
        contextValue: 'template',
      };
    }
    case 'templateAccounts': {
      const n = index.accountsOfTemplate(node.template.id).length;
      return { id: `templateAccounts:${node.template.id}`, label: 'Accounts', description: `${n}`, icon: 'organization', collapsible: n > 0, contextValue: 'templateAccounts' };
    }
    case 'family': {
      const look = familyLook(node.family);
      return {
        id: `family:${node.family}`,
        label: node.family,
        description: `${countFamily(index, node.family)} findings`,
        tooltip: look.key === 'other' ? node.family : `${look.label} (${node.family})`,
        icon: look.icon,
        iconColor: look.colorId,
        collapsible: true,
        contextValue: 'family',
      };
    }
    case 'rule': {
      const refs = index.findingsByFamily.get(node.family)?.get(node.rule) ?? [];
      return {
        id: `rule:${node.family}:${node.rule}`,
        label: node.rule,
        description: `${refs.length} findings`,
        tooltip: refs[0] ? refs[0].record.findings[refs[0].findingIndex].explanation : node.rule,
        icon: 'symbol-event',
        collapsible: refs.length > 0,
        contextValue: 'rule',
      };
    }
    case 'record': {
      const r = node.record;
      const finding = node.findingIndex !== undefined ? r.findings[node.findingIndex] : undefined;
      const preview = r.prompt ? truncate(r.prompt.replace(/\s+/g, ' '), 80) : undefined;
      return {
        id: `record:${r.file}:${r.line}:${node.findingIndex ?? ''}`,
        label: `${baseName(r.file)}:${r.line}`,
        description: [r.account ?? '', finding ? finding.severity : r.findings.length ? `${r.findings.length} findings` : '', preview ?? ''].filter(Boolean).join(' · '),
        tooltip: [`${r.file}:${r.line}`, r.account ? `Account ${r.account}` : '', r.template ? `Template ${r.template}` : '', ...r.findings.map((f) => `${f.family} / ${f.rule}: ${f.explanation}`), preview ? `\n${truncate(r.prompt ?? '', 600)}` : '']
          .filter(Boolean)
          .join('\n'),
        icon: r.findings.length ? 'debug-breakpoint-log' : 'note',
        iconColor: r.findings.length ? familyLook(r.findings[node.findingIndex ?? 0].family).colorId : undefined,
        collapsible: false,
        contextValue: 'record',
      };
    }
    case 'more':
      return { id: `more:${node.parentLabel}:${node.hidden}`, label: `… ${node.hidden} more ${node.parentLabel}`, tooltip: 'Use “Prompt Forensics: Search Prompts” to reach them', icon: 'ellipsis', collapsible: false, contextValue: 'more' };
    case 'message':
      return { id: `message:${node.text}`, label: node.text, icon: 'info', collapsible: false, contextValue: 'message' };
  }
}

const EVIDENCE_ICONS: Record<string, string> = {
  payment: 'credit-card',
  network: 'globe',
  subnet: 'globe',
  client: 'device-desktop',
  timing: 'watch',
  rotation: 'sync',
  template: 'symbol-snippet',
  family: 'symbol-namespace',
  behaviour: 'pulse',
  volume: 'graph',
  pivot: 'arrow-swap',
  org: 'organization',
};
