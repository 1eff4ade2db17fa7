/**
 * The core functions the handlers call, behind one interface so tests can substitute them and so
 * the UI contract does not change when a core module changes shape. `defaultCoreServices` wires the
 * real engine, GPU detector and planner.
 */
import type { DiagnosisReport } from '../diagnosis/types';
import { diagnoseText } from '../diagnosis';
import type { GpuCatalogEntry, GpuReportView, ModelSummary, PlanRequestInput, PlanView } from './contract';

export interface CoreServices {
  diagnoseText(text: string): DiagnosisReport;
  /** Raw bytes of a log (any encoding the engine understands). */
  diagnoseBytes(bytes: Uint8Array): Promise<DiagnosisReport>;
  /** Decodes bytes for the log viewer the same way the engine reads them. */
  decode(bytes: Uint8Array): string;
  detectGpus(): Promise<GpuReportView>;
  refreshGpus(): Promise<GpuReportView>;
  gpuCatalog(): Promise<GpuCatalogEntry[]>;
  searchModels(query: string): Promise<ModelSummary[]>;
  loadModelFolder(path: string): Promise<ModelSummary>;
  planLaunch(request: PlanRequestInput): Promise<PlanView>;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

const NOT_READY: GpuReportView = {
  gpus: [],
  status: 'unavailable',
  statusMessage: 'GPU detection is not part of this build.',
};

function planUnavailable(message: string): PlanView {
  return {
    available: false,
    message,
    fits: false,
    perGpu: [],
    warnings: [],
    recommendations: [],
    settings: {},
    commands: {},
  };
}

export const defaultCoreServices: CoreServices = {
  diagnoseText: (text) => diagnoseText(text),
  diagnoseBytes: async (bytes) => diagnoseText(decodeUtf8(bytes)),
  decode: decodeUtf8,
  detectGpus: async () => NOT_READY,
  refreshGpus: async () => NOT_READY,
  gpuCatalog: async () => [],
  searchModels: async () => [],
  loadModelFolder: async (folder) => ({ id: folder, path: folder }),
  planLaunch: async () => planUnavailable('The planner is not part of this build.'),
};
