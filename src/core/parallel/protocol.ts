/** Messages between the reading thread and the shard workers of a parallel analysis. */
import type { AnalyzeOptions, ShardSummary } from '../analyze';
import type { LinePosition } from '../ingest/lineReader';

/** The options a shard needs (functions and signals stay on the main thread). */
export type ShardOptions = Pick<AnalyzeOptions, 'fieldMap' | 'rulesFiles' | 'includeRecords' | 'includePromptText' | 'maxLineBytes' | 'stageTimes'>;

export type ToShard =
  | { type: 'file'; fileIndex: number; path: string; bytesTotal: number; samples: string[] }
  | { type: 'segment'; fileIndex: number; position: LinePosition; bytes: Uint8Array }
  | { type: 'finish' };

export type FromShard =
  | { type: 'ready' }
  /** `buffer`: the segment's memory, handed back for reuse (workers collect garbage rarely). */
  | { type: 'done'; records: number; buffer: ArrayBuffer }
  | { type: 'summary'; summary: ShardSummary }
  | { type: 'error'; message: string; stack?: string };
