// Prints jest's totals as one plain closing line ("jest: N passed, N failed") for CI logs.
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(process.argv[2] ?? '.jest-results.json', 'utf8'));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = r.numTotalTests > 0 && r.success ? 0 : 1;
