// Test counts travel from the extension host to the runner as log lines; the runner sums them into the
// `PF-RESULT passed=N failed=M skipped=K` line that scripts/test-all.mjs reads.
export const mochaCountsTag = 'PF-MOCHA';

const tagged = new RegExp(`${mochaCountsTag} passed=(\\d+) failed=(\\d+) skipped=(\\d+)`);
/** Mocha's human summary, for suites whose index does not use mochaIndex.ts. */
const summary = /^\s*(\d+) (passing|failing|pending)\b/;

export class TestCounts {
  passed = 0;
  failed = 0;
  skipped = 0;
  private sawTagged = false;
  private readonly fromSummary = { passing: 0, failing: 0, pending: 0 };

  /** Reads one log line; true when it is the machine-readable counts line (not worth printing). */
  observe(line: string): boolean {
    const counts = tagged.exec(line);
    if (counts) {
      this.sawTagged = true;
      this.passed += Number(counts[1]);
      this.failed += Number(counts[2]);
      this.skipped += Number(counts[3]);
      return true;
    }
    const human = summary.exec(line);
    if (human) this.fromSummary[human[2] as 'passing' | 'failing' | 'pending'] += Number(human[1]);
    return false;
  }

  /** The result line; a failed run without a failing test (crash, timeout) still counts one failure. */
  resultLine(exitCode: number): string {
    const passed = this.sawTagged ? this.passed : this.fromSummary.passing;
    let failed = this.sawTagged ? this.failed : this.fromSummary.failing;
    const skipped = this.sawTagged ? this.skipped : this.fromSummary.pending;
    if (exitCode !== 0 && failed === 0) failed = 1;
    return `PF-RESULT passed=${passed} failed=${failed} skipped=${skipped}`;
  }
}
