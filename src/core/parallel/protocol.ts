/** Messages between the reading thread and the shard workers of a parallel analysis. */
import type { AnalyzeOptions } from '../analyze';
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
  /**
   * `bytes`: the shard summary as `v8.serialize` writes it (the structured-clone format), handed over
   * without a copy. The main thread turns one shard's bytes into objects at a time, while merging.
   */
  | { type: 'summary'; bytes: ArrayBuffer }
  | { type: 'error'; message: string; stack?: string };
