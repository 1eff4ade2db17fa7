import { describe, expect, it } from 'vitest';
import { check, type Diagnostics } from 'recheck';
import * as scan from '../../src-main/diagnosis/scan';
import * as rules from '../../src-main/diagnosis/rules/index';

/**
 * Per-pattern limit for recheck (its pure-JS backend here: no native binary is installed). The
 * automaton checker is used: it proves safety or finds a polynomial/exponential attack without
 * fuzzing, and with ~130 patterns this keeps the file under a minute. Patterns it cannot decide
 * in time are listed (not failed): they are long chains of literals and \s+ in practice.
 */
const TIMEOUT_MS = 1_000;
/** Checks run in recheck's worker; a few at once. */
const PARALLEL = 3;

function rulePatterns(): RegExp[] {
  const exported = (rules as Record<string, unknown>).allRulePatterns;
  // Fail loudly, never pass silently, if the rules stop exposing their patterns.
  if (typeof exported !== 'function') throw new Error('rules/index.ts no longer exports allRulePatterns()');
  return (exported as () => RegExp[])();
}

describe('no regular expression can backtrack catastrophically', () => {
  const patterns = [scan.CANDIDATE_PATTERN, scan.ERROR_PATTERN, scan.FACT_PATTERN, ...rulePatterns()];
  const unique = [...new Map(patterns.map((p) => [`/${p.source}/${p.flags}`, p])).values()];

  it('checks the scan patterns and the rules’ own patterns', () => {
    expect(unique.length).toBeGreaterThan(20);
  });

  it('no pattern has a polynomial or exponential attack', async () => {
    const vulnerable: string[] = [];
    const undecided: string[] = [];
    const results: { pattern: RegExp; result: Diagnostics }[] = [];
    for (let at = 0; at < unique.length; at += PARALLEL) {
      const batch = unique.slice(at, at + PARALLEL);
      const checked = await Promise.all(
        batch.map((pattern) =>
          check(pattern.source, pattern.flags.replace(/[gy]/g, ''), {
            timeout: TIMEOUT_MS,
            checker: 'automaton',
          }),
        ),
      );
      checked.forEach((result, index) => results.push({ pattern: batch[index], result }));
    }
    for (const { pattern, result } of results) {
      const label = `/${pattern.source.slice(0, 120)}/${pattern.flags}`;
      if (result.status === 'vulnerable') {
        vulnerable.push(`${label} — ${result.complexity.summary}, attack: ${result.attack.pattern}`);
      } else if (result.status === 'unknown') {
        undecided.push(`${label} — ${result.error.kind}`);
      }
    }
    if (undecided.length > 0)
      console.warn(`recheck could not decide ${undecided.length} of ${unique.length} in time`);
    expect(vulnerable).toEqual([]);
  }, 90_000);
});
