/**
 * Heap growth for processes that only analyse (the CLI, the bench's analysis child). An analysis
 * keeps a few hundred MB live on a large log, and V8's default growth lets the heap reach about
 * twice that before a full collection; growing it by a fixed share over what is live keeps the
 * peak RSS nearer the live data for somewhat more collection time (both measured by the bench).
 * Never called in the VS Code extension host: its heap serves every extension.
 */
import * as v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
