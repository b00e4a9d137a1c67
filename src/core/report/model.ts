/**
 * The report contract (schemaVersion 1). The CLI writes it, the extension reads it,
 * `docs/report-schema.md` documents it and a unit test validates real output against it.
 */
import type { FileSummary, Finding } from '../types';

export const SCHEMA_VERSION = 1;

export interface TemplateReport {
  /** Stable id: the same prompts give the same id across runs and files. */
  id: string;
  /** The skeleton with variable slots shown as `<*>`. */
  pattern: string;
  size: number;
  /** Distinct accounts that sent it (count). */
  accounts: number;
  /** Ids of the families (paraphrase groups) it belongs to. */
  families: string[];
  /** Detection families whose findings occur on its records (e.g. "reasoning-extraction"). */
  findingFamilies?: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Example locations, `file:line`. */
  examples: string[];
}

export interface TemplateFamilyReport {
  id: string;
  templates: string[];
  size: number;
  /** A representative pattern (the largest member's). */
  pattern: string;
}

export type EvidenceKind =
  | 'payment'
  | 'network'
  | 'subnet'
  | 'client'
  | 'timing'
  | 'rotation'
  | 'template'
  | 'family'
  | 'behaviour'
  | 'volume'
  | 'pivot'
  | 'org';

export interface Evidence {
  kind: EvidenceKind;
  detail: string;
  accounts: string[];
  /** How much this item contributed to the score (0..1), for reviewers. */
  weight?: number;
}

export interface CampaignModelUse {
  model: string;
  records: number;
  firstSeen: string | null;
}

export interface CampaignReport {
  /** Stable id derived from the member accounts. */
  id: string;
  score: number;
  suspected: boolean;
  accounts: string[];
  size: number;
  records: number;
  /** Detection families found on its records (e.g. "reasoning-extraction"). */
  families: string[];
  /** Ids of the templates its accounts sent. */
  templates: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  models: CampaignModelUse[];
  pivot: null | { to: string; share: number; withinHours: number };
  evidence: Evidence[];
}

export interface RecordReport {
  file: string;
  line: number;
  account: string | null;
  template: string | null;
  findings: Finding[];
  /** Campaign id when the account belongs to a campaign. */
  campaign?: string | null;
  /** ISO time of the record, when the log has one. */
  time?: string;
  model?: string;
  /** Byte range of the raw record in the (decompressed) file, for large-file views. */
  bytes?: [number, number];
  /** The prompt text (truncated), only with the `includePromptText` option. */
  prompt?: string;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  generatedAt?: string;
  /** True on an early report of a run still going on (only what was read so far). */
  partial?: boolean;
  input: { files: FileSummary[] };
  summary: {
    records: number;
    accounts: number;
    templates: number;
    findingsByFamily: Record<string, number>;
    suspectedCampaigns: number;
  };
  templates: TemplateReport[];
  families: TemplateFamilyReport[];
  campaigns: CampaignReport[];
  records?: RecordReport[];
}
