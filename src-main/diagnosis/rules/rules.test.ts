/**
 * Every rule against its own fixtures (rules/fixtures/<id>.json): real logs that must produce the
 * finding (positive), real logs of other problems that must not (negative), and real message
 * lines quoted from users' issues (snippets) with the numbers the finding must read and the
 * settings its first fix must give.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../index';
import { RULES } from './index';

interface RuleFixtures {
  id: string;
  positive: string[];
  negative: string[];
  snippets?: Array<{ text: string; facts: Record<string, unknown>; fix?: Record<string, unknown> }>;
}

const FIXTURE_ROOT = path.resolve(__dirname, '../../../test/fixtures');

function loadFixtures(id: string): RuleFixtures {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${id}.json`), 'utf8')) as RuleFixtures;
}

function idsFor(relativeFile: string): string[] {
  const text = readFileSync(path.join(FIXTURE_ROOT, relativeFile), 'utf8');
  return diagnoseText(text).findings.map((finding) => finding.id);
}

describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))('rule %s', (id, rule) => {
  const fixtures = loadFixtures(id);

  it('has metadata in English and Chinese, and documentation', () => {
    expect(rule.meta.title.length).toBeGreaterThan(5);
    expect(rule.meta.titleZh).toMatch(/[\u4e00-\u9fff]/);
    expect(rule.meta.docs.length).toBeGreaterThan(0);
    for (const doc of rule.meta.docs) expect(doc).toMatch(/^https:\/\//);
  });

  it('has positive and negative fixtures', () => {
    expect(fixtures.positive.length + (fixtures.snippets?.length ?? 0)).toBeGreaterThan(0);
    expect(fixtures.negative.length).toBeGreaterThan(0);
  });

  it.each(fixtures.positive)('finds it in %s', (file) => {
    expect(idsFor(file)).toContain(id);
  });

  it.each(fixtures.negative)('does not find it in %s', (file) => {
    expect(idsFor(file)).not.toContain(id);
  });

  it.each((fixtures.snippets ?? []).map((snippet, index) => [index, snippet] as const))(
    'reads snippet %i',
    (_index, snippet) => {
      const report = diagnoseText(snippet.text);
      const finding = report.findings.find((f) => f.id === id);
      expect(finding, `${id} not found in: ${snippet.text}`).toBeDefined();
      expect(finding!.evidence.length).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(snippet.facts)) expect(finding!.facts[name]).toEqual(value);
      if (snippet.fix) expect(finding!.fixes[0].settings).toMatchObject(snippet.fix);
    },
  );
});
