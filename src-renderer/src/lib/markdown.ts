/** A diagnosis as Markdown, for an issue or a colleague; redacted unless the user keeps details. */
import type { DiagnoseResult } from '../../../src-main/ipc/contract';
import { commandList, confidencePercent, formatSetting, orderFindings, settingRows } from './fix-view';
import { pick, translate, type Locale } from './i18n';
import { redactText } from './redact';

export interface MarkdownOptions {
  locale: Locale;
  /** Keep paths, host names, IP addresses and tokens. */
  keepSensitive: boolean;
}

const fence = (text: string, lang = ''): string => {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${text}\n${ticks}`;
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function reportToMarkdown(result: DiagnoseResult, options: MarkdownOptions): string {
  const { locale } = options;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const { report, source } = result;
  const out: string[] = [];
  out.push(`# ${t('app.title')}: ${source.name}`, '');
  const facts = report.facts;
  const meta = [
    facts.engine !== 'unknown'
      ? `engine: ${facts.engine}${facts.innerEngine ? ` (${facts.innerEngine})` : ''}`
      : '',
    facts.engineVersion ? `version: ${facts.engineVersion}` : '',
    facts.vllmVersion ? `vLLM: ${facts.vllmVersion}` : '',
    facts.model ? `model: ${facts.model}` : '',
    `${report.stats.lines} lines`,
  ].filter(Boolean);
  out.push(meta.map((m) => `- ${m}`).join('\n'), '');

  const findings = orderFindings(report.findings);
  if (findings.length === 0) {
    out.push(t('diagnose.none'), '');
    if (report.errorLines.length) {
      out.push(
        t('diagnose.noneHint'),
        '',
        fence(report.errorLines.map((e) => `${e.line}: ${e.text}`).join('\n')),
        '',
      );
    }
  }
  findings.forEach((finding, index) => {
    const heading = index === 0 ? t('diagnose.rootCause') : t('diagnose.alsoSeen');
    out.push(`## ${heading}: ${pick(locale, finding.title, finding.titleZh)}`, '');
    out.push(
      `\`${finding.id}\` · ${t('finding.confidence', { value: confidencePercent(finding.confidence) })}`,
      '',
    );
    const factEntries = Object.entries(finding.facts);
    if (factEntries.length) {
      out.push(`**${t('finding.facts')}**`, '');
      for (const [key, value] of factEntries) out.push(`- \`${key}\`: ${formatSetting(value)}`);
      out.push('');
    }
    if (finding.evidence.length) {
      out.push(`**${t('finding.evidence')}**`, '');
      out.push(
        fence(
          finding.evidence
            .map((e) => `${e.line}: ${e.text}${e.repeats ? `  (+${e.repeats})` : ''}`)
            .join('\n'),
        ),
      );
      out.push('');
    }
    for (const fix of finding.fixes) {
      out.push(`**${t('finding.fix')}:** ${pick(locale, fix.summary, fix.summaryZh)}`, '');
      const rows = settingRows(fix);
      if (rows.length) {
        out.push(
          `| ${t('finding.setting')} | ${t('finding.before')} | ${t('finding.after')} |`,
          '|---|---|---|',
        );
        for (const row of rows)
          out.push(`| \`${cell(row.name)}\` | ${cell(row.before ?? '—')} | ${cell(row.after)} |`);
        out.push('');
      }
      for (const [target, command] of commandList(fix.commands)) {
        out.push(
          `${t(`target.${target}`)}:`,
          '',
          fence(command, target === 'vllm-python' ? 'python' : 'sh'),
          '',
        );
      }
    }
    if (finding.docs.length) {
      out.push(`${t('finding.docs')}: ${finding.docs.map((d) => `<${d}>`).join(' ')}`, '');
    }
  });
  out.push('---', `_${translate(locale, 'app.title')} · ${new Date().toISOString().slice(0, 10)}_`, '');
  const text = out.join('\n');
  return options.keepSensitive ? text : redactText(text);
}
