/**
 * One record, reduced to what linking needs. `templateKey`: the miner's internal template number
 * (null for a prompt that matched no template); `families`: detection families found on the record
 * (e.g. "reasoning-extraction").
 */
export interface LinkObservation {
  account: string;
  /** Epoch ms. */
  time?: number;
  ip?: string;
  payment?: string;
  userAgent?: string;
  org?: string;
  model?: string;
  /** User + assistant turns in the request. */
  turnCount: number;
  /**
   * User-written turns (tool results excluded). An agent loop replays one task with tool calls
   * and results: one user turn, so no conversation with a person. When absent, derived from
   * `turnCount` (user and assistant turns alternate).
   */
  userTurns?: number;
  templateKey: number | null;
  families: string[];
}

export interface TemplateInfo {
  id: string;
  /** Paraphrase-family id. */
  family: string | null;
  size: number;
  accounts: number;
}

export interface LinkOptions {
  /** A campaign is suspected when score >= threshold (default 0.5). */
  threshold?: number;
}

export type TemplateLookup = (templateKey: number) => TemplateInfo | undefined;
