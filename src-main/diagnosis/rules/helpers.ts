/** Small helpers shared by the rule files. */
import type { Detection, RuleContext, Signal } from '../rule-api';
import type { Evidence, LogFacts, SettingValue } from '../types';

export const DOCS = {
  conservingMemory: 'https://docs.vllm.ai/en/latest/configuration/conserving_memory.html',
  engineArgs: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
  troubleshooting: 'https://docs.vllm.ai/en/latest/usage/troubleshooting.html',
  optimization: 'https://docs.vllm.ai/en/latest/configuration/optimization.html',
  distributed: 'https://docs.vllm.ai/en/latest/serving/distributed_serving.html',
  quantization: 'https://docs.vllm.ai/en/latest/features/quantization/index.html',
  multimodal: 'https://docs.vllm.ai/en/latest/features/multimodal_inputs.html',
  installation: 'https://docs.vllm.ai/en/latest/getting_started/installation/index.html',
  cpu: 'https://docs.vllm.ai/en/latest/getting_started/installation/cpu.html',
  docker: 'https://docs.vllm.ai/en/latest/deployment/docker.html',
  xinferenceVllm: 'https://inference.readthedocs.io/en/latest/user_guide/backends.html',
  xinferenceTroubleshooting:
    'https://inference.readthedocs.io/en/latest/getting_started/troubleshooting.html',
  pytorchCudaMemory: 'https://pytorch.org/docs/stable/notes/cuda.html',
  sglang: 'https://docs.sglang.ai/advanced_features/server_arguments.html',
  lmdeploy: 'https://lmdeploy.readthedocs.io/en/latest/',
} as const;

/** Evidence of the signals, repeats kept, in document order, at most `max`. */
export function evidenceOf(signals: readonly Signal[], max = 4): Evidence[] {
  const seen = new Set<number>();
  const evidence: Evidence[] = [];
  for (const signal of [...signals].sort((a, b) => a.offset - b.offset)) {
    if (seen.has(signal.evidence.line)) continue;
    seen.add(signal.evidence.line);
    evidence.push(signal.evidence);
    if (evidence.length >= max) break;
  }
  return evidence;
}

/** A number from a named group, or undefined. Thousands separators are ignored. */
export function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(/,/g, ''));
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Copies defined entries into a facts object. */
export function defined(entries: Record<string, SettingValue | undefined>): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

export function firstGroup(signals: readonly Signal[], ...names: string[]): string | undefined {
  for (const signal of signals) {
    for (const name of names) {
      const value = signal.groups[name];
      if (value !== undefined && value !== '') return value;
    }
  }
  return undefined;
}

export function settingNumber(facts: LogFacts, name: string): number | undefined {
  const value = facts.settings[name];
  return typeof value === 'number' ? value : undefined;
}

export function measurementNumber(facts: LogFacts, name: string): number | undefined {
  const value = facts.measurements[name];
  return typeof value === 'number' ? value : undefined;
}

/** Memory amount in MiB from a number and a unit (`MiB`, `GiB`, `KiB`, `bytes`). */
export function toMiB(amount: number, unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('g')) return amount * 1024;
  if (u.startsWith('k')) return amount / 1024;
  if (u.startsWith('t')) return amount * 1024 * 1024;
  if (u.startsWith('b')) return amount / (1024 * 1024);
  return amount;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A detection from catalog signals of one diagnosis id, or null when there are none. */
export function detectFromSignals(
  ctx: RuleContext,
  diagnosis: string,
  confidence: number,
  readFacts: (signals: Signal[]) => Record<string, SettingValue> = () => ({}),
): (Detection & { signals: Signal[] }) | null {
  const signals = ctx.signalsFor(diagnosis);
  if (!signals.length) return null;
  return {
    confidence,
    evidence: evidenceOf(signals),
    facts: readFacts(signals),
    messageIds: [...new Set(signals.map((signal) => signal.messageId))],
    signals,
  };
}

/** Merges signals from several sources into one detection (null when all are empty). */
export function detectionOf(
  signals: Signal[],
  confidence: number,
  facts: Record<string, SettingValue>,
  outranks?: string[],
): Detection | null {
  if (!signals.length) return null;
  const detection: Detection = {
    confidence,
    evidence: evidenceOf(signals),
    facts,
    messageIds: [...new Set(signals.map((signal) => signal.messageId))],
  };
  if (outranks?.length) detection.outranks = outranks;
  return detection;
}

/** Whether the log is a Docker run (affects the wording of some fixes). */
export function looksLikeDocker(ctx: RuleContext): boolean {
  return ctx.has(/docker|vllm\/vllm-openai|\/\.dockerenv|--ipc=host|compose/i);
}
