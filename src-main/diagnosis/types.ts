/**
 * The data that flows through the diagnosis engine, one way:
 * raw text → normalised lines → facts → findings (with fixes) → report.
 */

/** A settings value as an engine takes it (numbers, strings, booleans, JSON-ish objects). */
export type SettingValue = string | number | boolean | null | SettingValue[] | Record<string, unknown>;

/** One line of the user's log, after normalisation. */
export interface LogLine {
  /** 1-based line number in the text the user gave. */
  line: number;
  /** The line as given (ANSI codes and CR removed, nothing else). */
  raw: string;
  /** The message with timestamps, level prefixes, worker prefixes and wrappers removed. */
  text: string;
  /** Worker / process prefix when the line had one, e.g. `VllmWorker rank=0`. */
  proc?: string;
}

/** A line shown to the user as evidence for a finding. */
export interface Evidence {
  line: number;
  text: string;
  /** How many more lines said the same thing (for example once per tensor-parallel rank). */
  repeats?: number;
}

/** The engine or wrapper a log came from. */
export type EngineName =
  'vllm' | 'xinference' | 'sglang' | 'lmdeploy' | 'llamafactory' | 'pytorch' | 'unknown';

/** Facts read from the whole log (engine-level). Keys are camelCase. */
export interface LogFacts {
  engine: EngineName;
  /** The serving stack the engine runs inside, e.g. vllm under xinference. */
  innerEngine?: EngineName;
  engineVersion?: string;
  vllmVersion?: string;
  xinferenceVersion?: string;
  /** `V0` or `V1` for vLLM when the log tells. */
  vllmEngine?: 'V0' | 'V1';
  model?: string;
  /** The numbers read from start-up lines, keyed by the engine's own parameter names. */
  settings: Record<string, SettingValue>;
  /** Other numbers (GPU, KV cache, memory). Keys are snake_case measurement names. */
  measurements: Record<string, number | string>;
  /** True when the log looks like it came from a CPU backend. */
  cpuBackend?: boolean;
}

/** Where a corrected setting is meant to be written. */
export type FixTarget = 'vllm-cli' | 'vllm-python' | 'xinference-cli' | 'xinference-webui' | 'docker' | 'env';

export interface Fix {
  /** One sentence, English. */
  summary: string;
  /** One sentence, Simplified Chinese. */
  summaryZh?: string;
  /** Engine parameter names → corrected values. */
  settings: Record<string, SettingValue>;
  /** Environment variables to set. */
  env?: Record<string, string>;
  /** Values before the change, when the log told them. */
  before?: Record<string, SettingValue>;
  /** Ready-to-copy snippets per target. */
  commands?: Partial<Record<FixTarget, string>>;
}

export interface RuleMeta {
  id: string;
  title: string;
  titleZh: string;
  /** Documentation links (allow-listed for opening from the app). */
  docs: string[];
  /** Lower numbers are more specific root causes; used to break ties when ranking. */
  specificity: number;
}

export interface Finding {
  id: string;
  title: string;
  titleZh: string;
  /** 0..1. Nothing reaches 0.8 or more without evidence lines. */
  confidence: number;
  evidence: Evidence[];
  /** Numbers this finding read, keyed by engine parameter / measurement names (snake_case). */
  facts: Record<string, SettingValue>;
  fixes: Fix[];
  docs: string[];
}

/** A hint for the user that is not a diagnosis (e.g. the cause is in another log). */
export interface ReportNote {
  id: string;
  text: string;
  textZh: string;
}

export interface DiagnosisReport {
  findings: Finding[];
  /** Always set by the engine; optional for hand-built reports. */
  notes?: ReportNote[];
  facts: LogFacts;
  /** When nothing known was found: lines that look like errors, so the user sees something. */
  errorLines: Evidence[];
  stats: { lines: number; bytes: number; millis: number };
}
