/** What the generator produces: records with their ground truth, and the per-scenario truth. */

export interface GenTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** The truth carried by every generated record. */
export interface RecordTruth {
  campaign: string | null;
  /** The true template (paraphrase variant) id, or null for a prompt not built from a template. */
  template: string | null;
  /** The paraphrase group the template belongs to. */
  templateFamily: string | null;
  /** Detection families the prompt belongs to. */
  families: string[];
  hardNegative: HardNegativeKind | null;
  lang: 'en' | 'zh';
}

export type HardNegativeKind =
  | 'proxy-shared'
  | 'enterprise-nat'
  | 'llm-judge-team'
  | 'benign-cot'
  | 'sensitive-plain'
  | 'heavy-user'
  | 'multi-turn';

export interface GenRecord {
  /** Epoch milliseconds. */
  time: number;
  account: string;
  org?: string;
  payment?: string;
  ip: string;
  userAgent: string;
  model: string;
  system?: string;
  /** The request's conversation; the last turn is the user prompt. */
  turns: GenTurn[];
  response: string;
  conversationId?: string;
  truth: RecordTruth;
}

/** One line of `<log>.truth.jsonl`. */
export interface TruthLine {
  line: number;
  kind: 'record' | 'malformed' | 'blank';
  account: string | null;
  campaign: string | null;
  template: string | null;
  templateFamily: string | null;
  families: string[];
  hardNegative: HardNegativeKind | null;
  /** FNV-1a of the whitespace-normalised prompt (last user turn): identical prompts form a true group. */
  promptHash: string | null;
  lang?: 'en' | 'zh';
}

export type CampaignStyle = 'proxy-harvest' | 'burst-reasoning' | 'lockstep-crew';

export interface CampaignTruth {
  id: string;
  style: CampaignStyle;
  accounts: string[];
  records: number;
  templates: string[];
  families: string[];
  pivot: null | { from: string; to: string; releasedAt: string; pivotAt: string; share: number };
}

export interface FileTruth {
  /** File name inside the scenario folder. */
  name: string;
  format: string;
  lines: number;
  records: number;
  malformed: number;
  blank: number;
  gzip: boolean;
  crlf: boolean;
  bom: boolean;
  /** Which field path holds each signal in this file (absent = the file does not carry it). */
  fields: Record<string, string>;
}

export interface ScenarioTruth {
  seed: number;
  records: number;
  start: string;
  end: string;
  files: FileTruth[];
  campaigns: CampaignTruth[];
  hardNegatives: Partial<Record<HardNegativeKind, string[]>>;
  models: { name: string; firstSeen: string }[];
}
