/** The guided setup's answers, kept while the user moves between views. */
import type { EngineChoice, GpuReportView, ModelSummary, PlanView } from '../../../src-main/ipc/contract';

export type HardwareSource = 'detected' | 'manual';

export const wizard = $state({
  step: 0,
  engine: 'vllm' as EngineChoice,
  query: '',
  results: [] as ModelSummary[],
  model: null as ModelSummary | null,
  folder: '',
  detected: null as GpuReportView | null,
  hardwareSource: 'manual' as HardwareSource,
  gpuName: '',
  memoryGiB: 24,
  count: 1,
  maxModelLen: 8192,
  concurrency: 8,
  settings: {} as Record<string, string | number | boolean | null>,
  prefilled: false,
  /** The log's GPU when the hardware was set to it (the log came from another machine). */
  prefilledLogGpu: null as string | null,
  plan: null as PlanView | null,
  planError: null as string | null,
  planning: false,
});

export const WIZARD_STEPS = [
  'wizard.engine',
  'wizard.model',
  'wizard.hardware',
  'wizard.needs',
  'wizard.result',
] as const;
