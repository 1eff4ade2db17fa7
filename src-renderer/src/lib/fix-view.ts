/** Presentation logic for findings and fixes (pure, unit-tested). */
import type { Finding, Fix, SettingValue } from '../../../src-main/diagnosis/types';
import type { CommandTarget, EngineChoice, MachineComparisonView } from '../../../src-main/ipc/contract';
import { plannedGpu } from './machine-notice';

export const TARGET_ORDER: CommandTarget[] = [
  'vllm-cli',
  'vllm-python',
  'xinference-cli',
  'xinference-webui',
  'docker',
  'env',
];

export interface SettingRow {
  name: string;
  before?: string;
  after: string;
}

export function formatSetting(value: SettingValue | undefined): string {
  if (value === undefined) return '—';
  if (value === null) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "before → after" rows of a fix: every changed setting, then environment variables. */
export function settingRows(fix: Fix): SettingRow[] {
  const rows: SettingRow[] = Object.entries(fix.settings).map(([name, after]) => ({
    name,
    ...(fix.before && name in fix.before ? { before: formatSetting(fix.before[name]) } : {}),
    after: formatSetting(after),
  }));
  for (const [name, value] of Object.entries(fix.env ?? {})) rows.push({ name, after: value });
  return rows;
}

/** Command snippets of a fix in a stable order, skipping empty ones. */
export function commandList(
  commands: Partial<Record<CommandTarget, string>> | undefined,
): [CommandTarget, string][] {
  if (!commands) return [];
  return TARGET_ORDER.filter((t) => typeof commands[t] === 'string' && commands[t]!.trim()).map((t) => [
    t,
    commands[t]!,
  ]);
}

/** Findings ordered for display: highest confidence first (the engine's order breaks ties). */
/**
 * The engine already ranks the root cause first (a cause can outrank a more confident
 * consequence), so the UI keeps its order rather than re-sorting by confidence.
 */
export function orderFindings(findings: Finding[]): Finding[] {
  return [...findings];
}

export function confidencePercent(confidence: number): string {
  return `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)}%`;
}

export function confidenceLevel(confidence: number): 'high' | 'medium' | 'low' {
  return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
}

/** What a diagnosis fix hands to the guided setup. */
export interface WizardPrefill {
  engine: EngineChoice;
  model?: string;
  gpuName?: string;
  gpuCount?: number;
  memoryGiB?: number;
  maxModelLen?: number;
  concurrency?: number;
  settings: Record<string, string | number | boolean | null>;
  /** Set when the log came from another machine: the log's GPU, which the hardware step is set to. */
  logGpu?: string;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function prefillFromFix(
  finding: Finding,
  fix: Fix,
  logFacts: {
    engine: string;
    innerEngine?: string;
    model?: string;
    settings: Record<string, SettingValue>;
    measurements: Record<string, number | string>;
  },
  /** The log compared with this machine; when it came from another one, plan for the log's GPU. */
  machine?: MachineComparisonView | null,
): WizardPrefill {
  const merged: Record<string, SettingValue> = { ...logFacts.settings, ...finding.facts, ...fix.settings };
  const settings: WizardPrefill['settings'] = {};
  for (const [key, value] of Object.entries(fix.settings)) {
    if (value === null || typeof value !== 'object') settings[key] = value;
  }
  const m = logFacts.measurements;
  const totalGiB = num(m.total_gpu_memory_gib);
  const tp = num(merged.tensor_parallel_size) ?? num(merged['n_gpu']);
  const logGpu = plannedGpu(machine);
  const hardware =
    logGpu && machine?.planFor
      ? { gpuName: machine.planFor.gpuName ?? '', memoryGiB: machine.planFor.memoryGiB ?? totalGiB, logGpu }
      : { gpuName: str(m.gpu_name) ?? str(merged.gpu_name), memoryGiB: totalGiB };
  return {
    engine: logFacts.engine === 'xinference' ? 'xinference' : 'vllm',
    model: str(merged.model) ?? str(logFacts.model),
    ...hardware,
    gpuCount: tp,
    maxModelLen: num(merged.max_model_len),
    concurrency: num(merged.max_num_seqs),
    settings,
  };
}

/** A short, distinguishable label for a documentation link: host › last path part. */
export function docLabel(raw: string): string {
  try {
    const url = new URL(raw);
    const last = url.pathname
      .split('/')
      .filter(Boolean)
      .pop()
      ?.replace(/\.html?$/, '');
    const anchor = url.hash ? ` #${decodeURIComponent(url.hash.slice(1))}` : '';
    return last ? `${url.hostname} › ${decodeURIComponent(last)}${anchor}` : url.hostname;
  } catch {
    return raw;
  }
}
