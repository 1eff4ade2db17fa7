// Prints one closing line for the whole `npm test` run ("tests: N passed, N failed, N skipped"),
// adding up the JSON results of the vitest runs.
import { existsSync, readFileSync } from 'node:fs';

const files = ['test-results/unit.json', 'test-results/components.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`test-summary: ${file} is missing`);
    process.exit(1);
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests ?? 0;
  failed += result.numFailedTests ?? 0;
  skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
