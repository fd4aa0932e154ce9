import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every test run with one plain line, `N passed, N failed`, after the default reporter's output, so a CI log
 * (or a person scrolling one) reads the outcome without parsing colours or a table. A failed module (one that
 * could not even load) or an error outside any test counts as a failure; skipped tests are named on a line
 * before it, never silently folded into "passed".
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const mod of testModules) {
      let cases = 0;
      for (const test of mod.children.allTests()) {
        cases++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (cases === 0 && mod.state() === 'failed') failed++;
    }
    if (skipped > 0) process.stdout.write(`${skipped} skipped\n`);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }
}
