/**
 * SARIF 2.1.0 export: one result per finding of `report.records` (analyse with records), the
 * rules that fired in `tool.driver.rules`, campaign and template in each result's properties,
 * and findings a reviewer marked benign as external suppressions. Deterministic: the same report
 * and annotations give the same bytes (no timestamps, no absolute paths unless the report has them).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { builtinRuleSet } from '../detect';
import { escapeInline } from '../report/markdown';
import type { CampaignReport, RecordReport, Report } from '../report/model';
import { effectiveAnnotation, type ReviewState } from '../review/apply';
import { recordFingerprint } from '../review/model';
import type { Finding, Severity } from '../types';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT_KEY = 'promptForensics/v1';
const DOCS_HINT = 'See docs/rules.md for the rule format and docs/findings-file.md for annotating findings.';

export interface RuleInfo {
  id: string;
  family: string;
  severity: Severity;
  description: string;
}

export interface SarifOptions {
  /** Annotations applied to the report: benign findings become suppressions, verdicts go into properties. */
  review?: ReviewState;
  /** Rule metadata (e.g. `loadRuleSet(files).rules`); default: the built-in rules. Rules missing here are described from their findings. */
  rules?: readonly RuleInfo[];
  /** Make absolute file paths under this folder relative to it (uriBaseId `SRCROOT`). */
  baseDir?: string;
}

const LEVEL: Record<Severity, Sarif.Result.level> = { high: 'error', medium: 'warning', low: 'note' };

const FAMILY_HELP: Record<string, string> = {
  'reasoning-extraction':
    'Reasoning-trace extraction: the prompt asks for the model’s reasoning as output to keep — often handing it a finished answer and asking for the steps that lead to it. At volume, with a fixed template over many accounts, this harvests chain-of-thought training data. A single user asking to “think step by step” is not this.',
  'rubric-grading':
    'Rubric-based grading: the model is used as a reward model (a rubric, a question, a candidate answer, asking for scores). At scale this produces RL training signal for a copying model; one team evaluating its own model looks similar, so check the campaign evidence.',
  'censorship-rewrite':
    'Censorship-safe rewrites: the prompt asks for “safe” alternatives to politically sensitive questions, so a copying model learns to deflect them. Ordinary users also ask sensitive questions; what matters is the templated rewrite request at volume.',
  'agentic-harvest':
    'Agentic capability harvesting: templated tool-use, coding, data-analysis or computer-use tasks sent at scale to collect the model’s agentic traces.',
};

export function toSarif(report: Report, options: SarifOptions = {}): Sarif.Log {
  const ruleInfo = new Map((options.rules ?? builtinRuleSet().rules).map((r) => [r.id, r]));
  const campaigns = new Map(report.campaigns.map((c) => [c.id, c]));
  const artifacts = report.input.files.map((f) => ({ path: f.path, location: artifactLocation(f.path, options.baseDir), format: f.format, records: f.records, bytes: f.bytes }));
  const artifactIndex = new Map(artifacts.map((a, i) => [a.path, i]));

  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Sarif.Result[] = [];
  for (const record of report.records ?? []) {
    const ordinal = new Map<string, number>();
    record.findings.forEach((finding) => {
      if (!ruleIndex.has(finding.rule)) {
        ruleIndex.set(finding.rule, rules.length);
        rules.push(describeRule(ruleInfo.get(finding.rule) ?? fallbackRule(finding)));
      }
      const n = ordinal.get(finding.rule) ?? 0;
      ordinal.set(finding.rule, n + 1);
      results.push(toResult(record, finding, n, { ruleIndex: ruleIndex.get(finding.rule)!, artifactIndex, artifacts, campaigns, review: options.review }));
    });
  }

  const run: Sarif.Run = {
    tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules } },
    // Spans are [start, end) in UTF-16 code units of the raw line; SARIF columns are 1-based and
    // endColumn is exclusive, so a span [s, e) becomes startColumn s + 1, endColumn e + 1.
    columnKind: 'utf16CodeUnits',
    artifacts: artifacts.map((a) => ({ location: a.location, length: a.bytes, properties: { format: a.format, records: a.records } })),
    results,
    properties: {
      summary: report.summary,
      campaigns: report.campaigns.map((c) => campaignSummary(c, options.review)),
    },
  };
  if (options.baseDir) run.originalUriBaseIds = { SRCROOT: { uri: pathToFileURL(path.resolve(options.baseDir)).href.replace(/\/?$/, '/') } };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

interface ResultContext {
  ruleIndex: number;
  artifactIndex: Map<string, number>;
  artifacts: Array<{ location: Sarif.ArtifactLocation }>;
  campaigns: Map<string, CampaignReport>;
  review?: ReviewState;
}

function toResult(record: RecordReport, finding: Finding, ordinal: number, ctx: ResultContext): Sarif.Result {
  const index = ctx.artifactIndex.get(record.file);
  const location: Sarif.ArtifactLocation = index === undefined ? { uri: toUri(record.file) } : { ...ctx.artifacts[index].location, index };
  const campaign = record.campaign ? ctx.campaigns.get(record.campaign) : undefined;
  const properties: Sarif.PropertyBag = {
    family: finding.family,
    severity: finding.severity,
    account: record.account,
    template: record.template,
    campaign: record.campaign ?? null,
  };
  if (campaign) Object.assign(properties, { campaignSuspected: campaign.suspected, campaignScore: campaign.score });
  const result: Sarif.Result = {
    ruleId: finding.rule,
    ruleIndex: ctx.ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.explanation },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(record, finding) } }],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(record, finding, ordinal) },
    properties,
  };
  const effective = ctx.review ? effectiveAnnotation(ctx.review, record) : undefined;
  if (effective) {
    const a = effective.applied.annotation;
    properties.review = { verdict: a.verdict, note: a.note, author: a.author, time: a.time, source: effective.source, match: effective.applied.match };
    if (a.verdict === 'benign') {
      result.suppressions = [{ kind: 'external', status: 'accepted', justification: a.note || `marked benign by ${a.author}`, properties: { author: a.author, time: a.time, source: effective.source } }];
    }
  }
  return result;
}

/**
 * The span's columns are on the record's first line for JSONL. For elements of a top-level JSON
 * array they count from the element's start, which need not be on one line: give the line only.
 * A [0, 0] span means the position is unknown (text assembled from several values).
 */
function region(record: RecordReport, finding: Finding): Sarif.Region {
  const [start, end] = finding.span;
  if ((start === 0 && end === 0) || /\.json(\.gz)?$/i.test(record.file)) return { startLine: record.line };
  return { startLine: record.line, startColumn: start + 1, endColumn: end + 1 };
}

/** Survives re-export and reformatting of the same record: rule, the record's fingerprint, and which hit of that rule. */
function findingFingerprint(record: RecordReport, finding: Finding, ordinal: number): string {
  return createHash('sha256').update(`${finding.rule}\n${recordFingerprint(record)}\n${ordinal}`).digest('hex').slice(0, 32);
}

function describeRule(rule: RuleInfo): Sarif.ReportingDescriptor {
  const familyHelp = FAMILY_HELP[rule.family] ?? `Custom family "${rule.family}" from a user rule pack.`;
  const full = `${capitalize(rule.description)}. Family: ${rule.family}; base severity ${rule.severity} (raised one step when the prompt is a template sent many times by several accounts, lowered for one-off prompts).`;
  return {
    id: rule.id,
    shortDescription: { text: capitalize(rule.description) },
    fullDescription: { text: full },
    help: {
      text: `${full}\n\n${familyHelp}\n\nReview the record in context: its template, account and campaign evidence. ${DOCS_HINT}`,
      markdown: `**${escapeInline(capitalize(rule.description))}**\n\nFamily \`${rule.family}\`, base severity *${rule.severity}* (raised one step when the prompt is a template sent many times by several accounts, lowered for one-off prompts).\n\n${familyHelp}\n\nReview the record in context: its template, account and campaign evidence. ${DOCS_HINT}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { family: rule.family, tags: ['prompt-forensics', rule.family] },
  };
}

/** A rule the exporter was not told about (a user pack): described from its finding; explanations start with the description. */
function fallbackRule(finding: Finding): RuleInfo {
  const description = finding.explanation.replace(/\s*\(".*$/s, '').replace(/\s*\[position.*$/s, '') || finding.rule;
  return { id: finding.rule, family: finding.family, severity: finding.severity, description };
}

function campaignSummary(c: CampaignReport, review: ReviewState | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id, score: c.score, suspected: c.suspected, size: c.size, records: c.records, families: c.families, templates: c.templates };
  const m = review?.campaigns.get(c.id);
  if (m) out.review = { verdict: m.annotation.verdict, note: m.annotation.note, author: m.annotation.author, match: m.match, overlap: m.overlap, of: m.of, covers: m.covers };
  return out;
}

function artifactLocation(file: string, baseDir: string | undefined): Sarif.ArtifactLocation {
  if (baseDir && path.isAbsolute(file)) {
    const relative = path.relative(path.resolve(baseDir), file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return { uri: toUri(relative), uriBaseId: 'SRCROOT' };
  }
  return { uri: toUri(file) };
}

/** Absolute paths as file: URLs, relative ones as percent-encoded relative references with forward slashes. */
function toUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
