/**
 * The readable report of `serve-doctor diagnose`: root cause first, with confidence, evidence
 * lines (with their line numbers in the user's file), the numbers read, and the fixes with a
 * ready-to-copy command for the way the log was started.
 */
import type { DiagnosisReport, Finding, Fix, FixTarget } from '../diagnosis/types';

export interface FormatOptions {
  /** Use ANSI colours (only when stdout is a terminal). */
  color?: boolean;
  /** Show every finding's fixes, not only the root cause's. */
  verbose?: boolean;
}

const paint = (on: boolean, code: string, text: string): string =>
  on ? `\x1b[${code}m${text}\x1b[0m` : text;

function preferredTarget(report: DiagnosisReport): FixTarget {
  return report.facts.engine === 'xinference' ? 'xinference-cli' : 'vllm-cli';
}

function formatFix(fix: Fix, target: FixTarget, color: boolean): string[] {
  const lines = [`  → ${fix.summary}`];
  const settings = Object.entries(fix.settings);
  if (settings.length) {
    const changes = settings.map(([name, value]) => {
      const before = fix.before?.[name];
      const after = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      return before !== undefined ? `${name}: ${String(before)} → ${after}` : `${name}: ${after}`;
    });
    lines.push(`    ${paint(color, '2', changes.join(', '))}`);
  }
  const command = fix.commands?.[target] ?? fix.commands?.env;
  if (command)
    for (const commandLine of command.split('\n')) lines.push(`    $ ${paint(color, '36', commandLine)}`);
  return lines;
}

function formatFinding(
  finding: Finding,
  index: number,
  report: DiagnosisReport,
  options: FormatOptions,
): string[] {
  const color = Boolean(options.color);
  const label = index === 0 ? 'Root cause' : 'Also found';
  const lines = [
    `${paint(color, '1', `${label}: ${finding.title}`)}  [${finding.id}, confidence ${Math.round(finding.confidence * 100)}%]`,
  ];
  for (const evidence of finding.evidence) {
    const repeats = evidence.repeats ? ` (×${evidence.repeats + 1})` : '';
    lines.push(`  line ${evidence.line}${repeats}: ${paint(color, '33', evidence.text)}`);
  }
  const facts = Object.entries(finding.facts).map(
    ([name, value]) =>
      `${name}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
  );
  if (facts.length) lines.push(`  read from the log: ${facts.join(', ')}`);
  if (index === 0 || options.verbose) {
    const target = preferredTarget(report);
    for (const fix of finding.fixes) lines.push(...formatFix(fix, target, color));
  }
  return lines;
}

export function formatReport(report: DiagnosisReport, options: FormatOptions = {}): string {
  const facts = report.facts;
  const engine = [
    facts.engine,
    facts.innerEngine ? `(running ${facts.innerEngine})` : '',
    facts.engineVersion ? `v${facts.engineVersion}` : facts.vllmVersion ? `vLLM ${facts.vllmVersion}` : '',
    facts.vllmEngine ? `${facts.vllmEngine} engine` : '',
    facts.model ? `model ${facts.model}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const out: string[] = [
    `Serve Doctor — ${report.stats.lines} lines read; log from: ${engine || 'unknown'}`,
    '',
  ];
  if (!report.findings.length) {
    out.push('No known problem was found in this log.');
    for (const note of report.notes ?? []) out.push(`Note: ${note.text}`);
    if (report.errorLines.length) {
      out.push('Lines that look like errors:');
      for (const line of report.errorLines) out.push(`  line ${line.line}: ${line.text}`);
    }
    return out.join('\n') + '\n';
  }
  report.findings.forEach((finding, index) => {
    out.push(...formatFinding(finding, index, report, options), '');
  });
  return out.join('\n');
}
