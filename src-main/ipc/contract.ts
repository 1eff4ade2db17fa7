/**
 * The one contract between the UI and the core: for each channel, a valibot schema for its input
 * (checked in the main process / web host before any handler runs) and the type of its result.
 * Electron's ipcMain and the web host's HTTP API both dispatch through `dispatch.ts` with it.
 */
import * as v from 'valibot';
import type { ChannelName } from './channels';
import type { DiagnosisReport, SettingValue } from '../diagnosis/types';
import type { GpuInfo } from '../gpu/types';
import type { MemoryBreakdown } from '../planner/types';

/** Pasted text and uploaded logs are capped; bigger logs are opened from disk (Electron) instead. */
export const MAX_PASTE_CHARS = 64 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Files opened by path (Electron, or the server's own disk in the web host). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
export const MAX_LOG_LINES_PER_REQUEST = 2000;

const JobId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,80}$/));
const FsPath = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const ShortText = v.pipe(v.string(), v.maxLength(256));
const FactKey = v.pipe(v.string(), v.maxLength(80));
const Empty = v.optional(v.object({}), {});
const PositiveInt = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));

export const LanguageSchema = v.picklist(['auto', 'en', 'zh-CN']);
export type LanguageSetting = v.InferOutput<typeof LanguageSchema>;

export const SettingsSchema = v.object({
  language: LanguageSchema,
  /** Keep paths, host names, IP addresses and tokens in exported reports. */
  keepSensitive: v.boolean(),
});
export type AppSettings = v.InferOutput<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: AppSettings = { language: 'auto', keepSensitive: false };

export const EngineSchema = v.picklist(['vllm', 'xinference']);
export type EngineChoice = v.InferOutput<typeof EngineSchema>;

/** What the guided setup asks the planner; the adapter maps it onto the planner's request. */
export const PlanRequestSchema = v.object({
  engine: EngineSchema,
  /** A catalog id (e.g. `meta-llama/Llama-3.1-8B-Instruct`) or empty when a folder is given. */
  model: v.optional(ShortText),
  modelPath: v.optional(FsPath),
  hardware: v.object({
    /** A GPU name as detected or chosen from the catalog. */
    gpuName: ShortText,
    /** Memory of one GPU in GiB (detected, or the catalog's, or typed by the user). */
    memoryGiB: v.pipe(v.number(), v.minValue(1), v.maxValue(4096)),
    count: PositiveInt(64),
    /** Memory already used on each GPU by other processes, when detected. */
    usedGiB: v.optional(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(4096))), []),
  }),
  needs: v.object({
    maxModelLen: PositiveInt(10_000_000),
    concurrency: PositiveInt(100_000),
  }),
  /** Settings carried over from a diagnosis fix (engine parameter names). */
  settings: v.optional(
    v.record(v.pipe(v.string(), v.maxLength(80)), v.union([v.string(), v.number(), v.boolean(), v.null()])),
    {},
  ),
});
export type PlanRequestInput = v.InferOutput<typeof PlanRequestSchema>;

export const inputSchemas = {
  diagnoseText: v.object({
    jobId: JobId,
    text: v.pipe(v.string(), v.maxLength(MAX_PASTE_CHARS)),
    name: v.optional(ShortText),
  }),
  diagnoseFile: v.object({ jobId: JobId, path: FsPath }),
  cancel: v.object({ jobId: JobId }),
  logLines: v.object({
    logId: Id,
    start: v.pipe(v.number(), v.integer(), v.minValue(0)),
    count: PositiveInt(MAX_LOG_LINES_PER_REQUEST),
  }),
  detectGpus: Empty,
  refreshGpus: Empty,
  gpuCatalog: Empty,
  searchModels: v.object({ query: v.pipe(v.string(), v.maxLength(200)) }),
  loadModelFolder: v.object({ path: FsPath }),
  planLaunch: PlanRequestSchema,
  /** The GPU facts of a diagnosis report: its measurements and each finding's facts. */
  compareLogWithMachine: v.object({
    measurements: v.optional(
      v.record(FactKey, v.union([v.number(), v.pipe(v.string(), v.maxLength(4096))])),
      {},
    ),
    findingFacts: v.optional(v.pipe(v.array(v.record(FactKey, v.unknown())), v.maxLength(500)), []),
  }),
  historyList: Empty,
  historyGet: v.object({ id: Id }),
  historyDelete: v.object({ id: Id }),
  historyClear: Empty,
  settingsGet: Empty,
  settingsSet: v.partial(SettingsSchema),
  openExternal: v.object({ url: v.pipe(v.string(), v.maxLength(2048)) }),
  chooseLogFile: Empty,
  chooseModelFolder: Empty,
  saveTextFile: v.object({
    suggestedName: ShortText,
    text: v.pipe(v.string(), v.maxLength(MAX_PASTE_CHARS)),
  }),
  appInfo: Empty,
} satisfies Record<ChannelName, v.GenericSchema>;

export type ChannelInput<C extends ChannelName> = v.InferInput<(typeof inputSchemas)[C]>;
export type ChannelParsedInput<C extends ChannelName> = v.InferOutput<(typeof inputSchemas)[C]>;

// ---------------------------------------------------------------------------------------------
// Results

export interface LogSourceInfo {
  kind: 'file' | 'paste' | 'upload';
  /** File name (or a label for pastes). */
  name: string;
  /** Full path, only for files opened from disk. */
  path?: string;
  bytes: number;
}

export interface DiagnoseResult {
  /** Handle for `logLines`; valid while the log stays in the core's small cache. */
  logId: string;
  historyId: string;
  source: LogSourceInfo;
  lineCount: number;
  report: DiagnosisReport;
}

export interface LogLinesResult {
  start: number;
  lines: string[];
  lineCount: number;
}

export interface GpuProcessView {
  pid: number;
  name: string;
  usedMiB: number;
}

/** A detected GPU as the UI shows it: the detector's fields, any vendor word, processes listed. */
export type GpuView = Pick<
  GpuInfo,
  | 'index'
  | 'name'
  | 'uuid'
  | 'memoryTotalMiB'
  | 'memoryUsedMiB'
  | 'memoryFreeMiB'
  | 'computeCapability'
  | 'driverVersion'
  | 'cudaVersion'
> & { vendor: string; processes: GpuProcessView[] };

export interface GpuReportView {
  gpus: GpuView[];
  /** `ok`, `none` (no GPU found), `unavailable` (detector missing/failed), or the detector's own word. */
  status: string;
  statusMessage?: string;
}

export interface GpuCatalogEntry {
  name: string;
  memoryGiB: number;
  computeCapability?: string;
}

export interface ModelSummary {
  id: string;
  name?: string;
  paramsB?: number;
  contextLength?: number;
  architecture?: string;
  /** Where a folder model was read from. */
  path?: string;
}

/** The planner's per-GPU memory figures, as the chart draws them. */
export type GpuMemoryBreakdown = Omit<MemoryBreakdown, 'cudaGraphInBudget'>;

export type CommandTarget =
  'vllm-cli' | 'vllm-python' | 'xinference-cli' | 'xinference-webui' | 'docker' | 'env';

export interface PlanView {
  available: boolean;
  /** Why no plan could be made (planner missing, unknown model…). */
  message?: string;
  fits: boolean;
  perGpu: GpuMemoryBreakdown[];
  kvCacheTokens?: number;
  maxModelLenThatFits?: number;
  maxConcurrency?: number;
  warnings: string[];
  /** Setting changes the planner suggests, one sentence each. */
  recommendations: string[];
  /** Other ways that would fit (fewer tokens, more GPUs, a quantized variant…). */
  alternatives: string[];
  /** Where the planner's assumptions came from. */
  assumptions: string[];
  settings: Record<string, SettingValue>;
  commands: Partial<Record<CommandTarget, string>>;
}

export interface MachineGpuGroup {
  name: string;
  /** nvidia-smi's total of one GPU in GiB, one decimal. */
  memoryGiB?: number;
  count: number;
}

/** Whether a log came from this machine, and what to plan for when it did not. */
export interface MachineComparisonView {
  /** false: the log came from another machine; 'unknown': the log names no GPU, or this machine's are unreadable. */
  sameMachine: boolean | 'unknown';
  /** One English sentence saying why. */
  message: string;
  /** The GPU the log shows (PyTorch's total memory, GiB). */
  log: { gpuName?: string; memoryGiB?: number };
  /** This machine's detected GPUs, grouped (empty when none or unreadable). */
  here: MachineGpuGroup[];
  /** Only when the log came from another machine: its GPU (catalog name when known) for the planner. */
  planFor?: { gpuName?: string; memoryGiB?: number; catalog: boolean };
}

export interface HistorySummary {
  id: string;
  /** ISO time. */
  time: string;
  source: LogSourceInfo;
  findingCount: number;
  top?: { id: string; title: string; titleZh: string; confidence: number };
}

export interface AppInfo {
  name: string;
  version: string;
  platform: 'electron' | 'web';
  /** Whether the core can read files by path (Electron: yes; web host: paths on the server). */
  canPickFiles: boolean;
}

export interface ChannelOutputs {
  diagnoseText: DiagnoseResult;
  diagnoseFile: DiagnoseResult;
  cancel: { cancelled: boolean };
  logLines: LogLinesResult;
  detectGpus: GpuReportView;
  refreshGpus: GpuReportView;
  gpuCatalog: GpuCatalogEntry[];
  searchModels: ModelSummary[];
  loadModelFolder: ModelSummary;
  planLaunch: PlanView;
  compareLogWithMachine: MachineComparisonView;
  historyList: HistorySummary[];
  historyGet: DiagnoseResult;
  historyDelete: { deleted: boolean };
  historyClear: { deleted: number };
  settingsGet: AppSettings;
  settingsSet: AppSettings;
  openExternal: { opened: boolean };
  chooseLogFile: { path: string | null };
  chooseModelFolder: { path: string | null };
  saveTextFile: { path: string | null };
  appInfo: AppInfo;
}

/** Progress and app events pushed from the core to the UI. */
export type AppEvent =
  | { type: 'progress'; jobId: string; bytesRead: number; totalBytes: number }
  | { type: 'menu'; action: 'open-log' | 'paste' | 'export' | 'about' }
  | { type: 'language'; language: LanguageSetting }
  | { type: 'open-path'; path: string };

/** What travels back over IPC/HTTP: errors keep their code (Electron drops custom error fields). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** The API the renderer sees as `window.serveDoctor`, from the preload or the browser shim. */
export interface ServeDoctorBridge {
  platform: 'electron' | 'web';
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutputs[C]>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Electron: the file's path on disk (webUtils.getPathForFile); web: null. */
  pathForFile(file: File): string | null;
  /** Web host only: sends the file's bytes for diagnosis. */
  uploadLog?(file: File, jobId: string): Promise<Envelope<DiagnoseResult>>;
}
