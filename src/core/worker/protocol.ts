/** Messages between the worker thread (dist/worker.js) and its clients. Plain data only. */
import type { AnalyzeOptions, AnalyzeProgress } from '../analyze';
import type { Report } from '../report/model';
import type { SearchHit } from '../search';

/** Analyze files (the worker ends after answering). Passed as `workerData`. */
export interface AnalyzeJob {
  kind?: 'analyze';
  paths: string[];
  options: Omit<AnalyzeOptions, 'onProgress' | 'signal' | 'onPartialReport'>;
  /** Post early `partial` reports while the run goes on (see AnalyzeOptions.onPartialReport). */
  partialReports?: boolean;
}

/** Serve full-text searches over a report's prompts until terminated. Passed as `workerData`. */
export interface SearchJob {
  kind: 'search';
  report: Report;
}

export type WorkerJob = AnalyzeJob | SearchJob;

export type ClientMessage = { type: 'cancel' } | { type: 'search'; id: number; query: string; limit: number };

export type WorkerMessage =
  | { type: 'progress'; progress: AnalyzeProgress }
  | { type: 'partial'; report: Report }
  | { type: 'result'; report: Report }
  | { type: 'error'; name: string; message: string; stack?: string }
  | { type: 'searchResult'; id: number; hits: SearchHit[] }
  | { type: 'searchError'; id: number; message: string };
