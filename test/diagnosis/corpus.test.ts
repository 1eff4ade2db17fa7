/**
 * Every case of the dev corpus (real user logs) through the engine: the first finding must be
 * the case's first expected id for at least 95% of the cases, and the facts the labels list
 * (those that appear in the log text at all) must be read right. The report names the misses.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src-main/diagnosis';
import { evaluateCase, readCases } from './corpus-helpers';

const cases = readCases('corpus/dev');

describe('dev corpus', () => {
  const results = cases.map((labelled) => {
    const evaluated = evaluateCase(labelled);
    return { labelled, ...evaluated, first: evaluated.ids[0] ?? '(none)' };
  });

  it('names the first expected id for at least 95% of the cases', () => {
    const misses = results.filter((r) => !r.ok);
    const rate = (results.length - misses.length) / results.length;
    const lines = misses.map(
      (r) =>
        `  MISS ${r.labelled.file}: expected ${r.labelled.expected.join(' > ')}, got ${r.report.findings.map((f) => f.id).join(' > ') || '(none)'}`,
    );
    console.log(
      `dev corpus: ${results.length - misses.length}/${results.length} first findings right (${(rate * 100).toFixed(1)}%)\n${lines.join('\n')}`,
    );
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the labelled facts that appear in the logs', () => {
    const checked = results.reduce((sum, r) => sum + r.factsChecked, 0);
    const missed = results.flatMap((r) => r.factMisses.map((miss) => `  ${r.labelled.file}: ${miss}`));
    console.log(`dev corpus facts: ${checked - missed.length}/${checked} read right\n${missed.join('\n')}`);
    expect(checked).toBeGreaterThan(60);
    expect(missed).toEqual([]);
  });

  it('orders the second expected id after the first when both are found', () => {
    const wrongOrder = results.filter((r) => {
      const ids = r.report.findings.map((f) => f.id);
      const [a, b] = r.labelled.expected;
      return b !== undefined && ids.includes(a) && ids.includes(b) && ids.indexOf(b) < ids.indexOf(a);
    });
    expect(wrongOrder.map((r) => r.labelled.file)).toEqual([]);
  });

  it('never reports high confidence without evidence', () => {
    for (const r of results) {
      for (const finding of r.report.findings) {
        if (finding.confidence >= 0.8)
          expect(finding.evidence.length, `${r.labelled.file} ${finding.id}`).toBeGreaterThan(0);
        for (const evidence of finding.evidence) {
          const line = r.labelled.text.split(/\r\n|\r|\n/)[evidence.line - 1];
          expect(line, `${r.labelled.file} line ${evidence.line}`).toBeDefined();
        }
      }
    }
  });
});

describe('framework-errors fixtures', () => {
  for (const labelled of readCases('framework-errors')) {
    it(`${labelled.file} → ${labelled.expected[0]}`, () => {
      const report = diagnoseText(labelled.text);
      expect(report.findings[0]?.id).toBe(labelled.expected[0]);
    });
  }
});
