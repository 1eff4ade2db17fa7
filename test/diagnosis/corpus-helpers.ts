/** Reading the labelled corpora copied into test/fixtures. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnoseText } from '../../src-main/diagnosis';
import type { DiagnosisReport } from '../../src-main/diagnosis';

export interface LabelledCase {
  file: string;
  expected: string[];
  facts: Record<string, unknown>;
  engine?: string;
  inner_engine?: string;
}

export const FIXTURES = path.resolve(__dirname, '../fixtures');

export function readCases(folder: string): Array<LabelledCase & { path: string; text: string }> {
  const dir = path.join(FIXTURES, folder);
  return readFileSync(path.join(dir, 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledCase)
    .map((labelled) => {
      const file = path.join(dir, labelled.file);
      return { ...labelled, path: file, text: readFileSync(file, 'utf8') };
    });
}

/** Label fact names that differ from the engine's parameter names. */
export const FACT_ALIASES: Record<string, string> = {
  tp: 'tensor_parallel_size',
  argument: 'unknown_arg',
};

function sameValue(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    // Labels convert MiB to GiB loosely (730 MiB → 0.73): allow 3% per element.
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((v, i) => Math.abs(Number(actual[i]) - Number(v)) <= Math.abs(Number(v)) * 0.03 + 1e-9)
    );
  }
  if (expected !== null && typeof expected === 'object') {
    return (
      actual !== null &&
      typeof actual === 'object' &&
      Object.entries(expected).every(([k, v]) => sameValue(v, (actual as Record<string, unknown>)[k]))
    );
  }
  if (typeof expected === 'number' || typeof actual === 'number') {
    const a = Number(actual);
    const e = Number(expected);
    return Number.isFinite(a) && Math.abs(a - e) <= Math.max(0.011, Math.abs(e) * 0.001);
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    return expected.trim().toLowerCase() === actual.trim().toLowerCase();
  }
  return expected === actual;
}

/** Whether a labelled fact value appears in the log at all (some labels come from the thread). */
export function factIsInLog(text: string, name: string, value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (value !== null && typeof value === 'object') {
    // An object fact (e.g. limit_mm_per_prompt) is in the log only if its name is.
    return text.includes(name) || text.includes(name.replace(/_/g, '-'));
  }
  const raw = String(value);
  if (text.includes(raw)) return true;
  if (typeof value === 'number') {
    return (
      text.includes(value.toFixed(2)) ||
      text.includes(value.toLocaleString('en-US')) ||
      text.includes(value.toFixed(1))
    );
  }
  return false;
}

/** One case through the engine: its finding ids and which labelled facts (present in the log) it read. */
export function evaluateCase(labelled: LabelledCase & { text: string }): {
  report: DiagnosisReport;
  ids: string[];
  ok: boolean;
  factMisses: string[];
  factsChecked: number;
} {
  const report = diagnoseText(labelled.text);
  const ids = report.findings.map((finding) => finding.id);
  const factMisses: string[] = [];
  let factsChecked = 0;
  for (const [name, value] of Object.entries(labelled.facts)) {
    if (!factIsInLog(labelled.text, name, value)) continue;
    factsChecked += 1;
    const { found, actual } = findFact(report, name, value);
    if (!found) factMisses.push(`${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
  }
  return { report, ids, ok: ids[0] === labelled.expected[0], factMisses, factsChecked };
}

/** Looks for a labelled fact in a report: finding facts first, then the log-level facts. */
export function findFact(
  report: {
    findings: Array<{ facts: Record<string, unknown> }>;
    facts: { settings: Record<string, unknown>; measurements: Record<string, unknown> };
  },
  name: string,
  expected: unknown,
): { found: boolean; actual: unknown } {
  const key = FACT_ALIASES[name] ?? name;
  const candidates: unknown[] = [];
  for (const finding of report.findings) if (key in finding.facts) candidates.push(finding.facts[key]);
  if (key in report.facts.settings) candidates.push(report.facts.settings[key]);
  if (key in report.facts.measurements) candidates.push(report.facts.measurements[key]);
  const hit = candidates.find((candidate) => sameValue(expected, candidate));
  return { found: hit !== undefined, actual: hit ?? candidates[0] };
}
