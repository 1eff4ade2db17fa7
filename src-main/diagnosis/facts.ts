/**
 * Facts: the engine, its version, and the numbers a fix needs, read line by line from start-up
 * lines (engine config, `args: Namespace(…)`, `non-default args: {…}`, Xinference's model config),
 * from command lines pasted with the log, and from vLLM's memory lines.
 */
import type { EngineName, LogFacts, SettingValue } from './types';

/** Where a setting value came from; a later source only wins with a higher or equal rank. */
const enum SourceRank {
  CommandLine = 1,
  EngineArgs = 2,
  EngineConfig = 3,
}

/** Command-line / kwarg spellings → vLLM's parameter name. */
const SETTING_ALIASES: Record<string, string> = {
  max_model_len: 'max_model_len',
  max_seq_len: 'max_model_len',
  gpu_memory_utilization: 'gpu_memory_utilization',
  tensor_parallel_size: 'tensor_parallel_size',
  tp: 'tensor_parallel_size',
  tp_size: 'tensor_parallel_size',
  pipeline_parallel_size: 'pipeline_parallel_size',
  pp: 'pipeline_parallel_size',
  data_parallel_size: 'data_parallel_size',
  dtype: 'dtype',
  quantization: 'quantization',
  q: 'quantization',
  kv_cache_dtype: 'kv_cache_dtype',
  max_num_seqs: 'max_num_seqs',
  max_num_batched_tokens: 'max_num_batched_tokens',
  enforce_eager: 'enforce_eager',
  trust_remote_code: 'trust_remote_code',
  block_size: 'block_size',
  cpu_offload_gb: 'cpu_offload_gb',
  swap_space: 'swap_space',
  enable_chunked_prefill: 'enable_chunked_prefill',
  port: 'port',
  n_gpu: 'n_gpu',
  gpu_idx: 'gpu_idx',
  mem_fraction_static: 'mem_fraction_static',
  context_length: 'context_length',
  limit_mm_per_prompt: 'limit_mm_per_prompt',
  model: 'model',
  model_path: 'model',
  model_name_or_path: 'model',
  served_model_name: 'served_model_name',
  model_engine: 'model_engine',
  model_name: 'model_name',
  cache_max_entry_count: 'cache_max_entry_count',
  session_len: 'session_len',
  device: 'device',
};

const BOOLEAN_FLAGS = new Set(['enforce_eager', 'trust_remote_code', 'enable_chunked_prefill']);

/** vLLM (0.8.4+) takes `32k` (×1000) and `32K` (×1024) for token counts. */
function humanReadableInt(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([kKmMgG])$/.exec(value);
  if (!match) return undefined;
  const unit = match[2];
  const factor =
    unit === 'k'
      ? 1e3
      : unit === 'K'
        ? 1024
        : unit === 'm'
          ? 1e6
          : unit === 'M'
            ? 1 << 20
            : unit === 'g'
              ? 1e9
              : 1 << 30;
  return Math.round(Number(match[1]) * factor);
}

export function toSettingValue(raw: string): SettingValue {
  // Trailing commas (kwargs) and backticks (code spans in prose) are not part of the value.
  let value = raw
    .trim()
    .replace(/[,`\\]+$/, '')
    .replace(/^`+/, '');

  const tokens = humanReadableInt(value);
  if (tokens !== undefined) return tokens;
  if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
  // A shell default such as ${VLLM_GPU_MEM_UTIL:-0.95} stands for its default.
  const shellDefault = /^\$\{\w+:-([^}]*)\}$/.exec(value);
  if (shellDefault) return toSettingValue(shellDefault[1]);
  if (/^(true|True)$/.test(value)) return true;
  if (/^(false|False)$/.test(value)) return false;
  if (/^(None|none|null)$/.test(value)) return null;
  if (/^-?\d+$/.test(value)) return Number(value);
  if (/^-?\d*\.\d+(e-?\d+)?$/i.test(value)) return Number(value);
  if (/^torch\.\w+$/.test(value)) return value.slice('torch.'.length);
  if (/^\{.*\}$/.test(value)) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // Not JSON (a Python dict with single quotes): keep the text.
    }
  }
  return value;
}

function canonicalSettingName(name: string): string | undefined {
  return SETTING_ALIASES[name.replace(/^-+/, '').replace(/-/g, '_').toLowerCase()];
}

/** `--name value` / `--name=value` / bare boolean flags in a command line or a flag line. */
export function parseCommandFlags(text: string): Record<string, SettingValue> {
  const found: Record<string, SettingValue> = {};
  const tokens = text.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (!token.startsWith('-') || token === '-' || token === '--') continue;
    const [flag, inline] = token.includes('=') ? token.split(/=(.*)/s, 2) : [token, undefined];
    const name = canonicalSettingName(flag);
    if (!name) continue;
    if (inline !== undefined) {
      found[name] = toSettingValue(inline);
      continue;
    }
    const next = tokens[i + 1];
    if (BOOLEAN_FLAGS.has(name) && (next === undefined || next.startsWith('-') || next === '\\')) {
      found[name] = true;
      continue;
    }
    if (next !== undefined && next !== '\\' && !/^--?[a-z]/i.test(next)) {
      found[name] = toSettingValue(next);
      i += 1;
    }
  }
  // `vllm serve <model>` takes the model as a positional argument.
  const serve = /\bvllm\s+serve\s+([^\s-][^\s]*)/.exec(text);
  if (serve && found.model === undefined) found.model = serve[1];
  return found;
}

/** `key=value` pairs of a Python repr (`Namespace(...)`, engine config line, kwargs). */
export function parseKeyValueRepr(text: string): Record<string, SettingValue> {
  const found: Record<string, SettingValue> = {};
  const pattern = /\b(\w+)\s?=\s?('[^']*'|"[^"]*"|\{[^{}]*\}|[^,()\s]+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const name = canonicalSettingName(match[1]);
    if (name) found[name] = toSettingValue(match[2]);
  }
  return found;
}

/** `'key': value` pairs of a Python dict repr (`non-default args: {…}`, Xinference model config). */
export function parseDictRepr(text: string): Record<string, SettingValue> {
  const found: Record<string, SettingValue> = {};
  const pattern = /'([\w-]+)':\s*('[^']*'|"[^"]*"|\[[^\]]*\]|\{[^}]*\}|[^,{}]+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const name = canonicalSettingName(match[1]);
    if (name && !(name in found)) found[name] = toSettingValue(match[2]);
  }
  return found;
}

/** One keyword argument per line, as in a multi-line `LLM(...)` call. */
export const KWARG_LINE = /^\s*(?:[\w-]+\.)*([a-z_][a-z0-9_]*)\s*=\s*([^=\s][^=]*?)\s*[,\\]?\s*$/i;
/** `code spans` in prose, e.g. "with `tensor_parallel_size=2`". */
const BACKTICKED = /`([^`\n]{3,200})`/g;

const COMMAND_LINE =
  /\bvllm\s+serve\b|vllm\.entrypoints|api_server|xinference\s+launch|sglang\.launch_server|llamafactory-cli|lmdeploy\s+serve|docker\s+run|^\s*--[a-z]/i;

/** Lines only vLLM prints (start-up numbers and its own error wordings). */
const VLLM_OWN_LINES =
  /LLM engine \(v|\bEngineCore|RayWorkerWrapper|max_num_batched_tokens|gpu_memory_utilization|# (?:GPU|cuda) blocks:|Maximum concurrency for|Memory profiling results|GPU KV cache size|Loading model weights took|Model loading took|max seq len \(/i;

export interface EngineMarkers {
  vllm: number;
  vllmV1: number;
  vllmV0: number;
  xinference: number;
  sglang: number;
  lmdeploy: number;
  llamafactory: number;
  torch: number;
}

/** Accumulates facts over the lines the session processes. */
export class FactCollector {
  private readonly settings: Record<string, SettingValue> = {};
  private readonly ranks: Record<string, SourceRank> = {};
  private readonly measurements: Record<string, number | string> = {};
  private readonly markers: EngineMarkers = {
    vllm: 0,
    vllmV1: 0,
    vllmV0: 0,
    xinference: 0,
    sglang: 0,
    lmdeploy: 0,
    llamafactory: 0,
    torch: 0,
  };
  private vllmVersion?: string;
  private xinferenceVersion?: string;
  private sglangVersion?: string;
  private model?: string;
  private cpuBackend = false;

  private setSetting(values: Record<string, SettingValue>, rank: SourceRank): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === null && name !== 'quantization') continue;
      const previous = this.ranks[name];
      if (previous !== undefined && previous > rank) continue;
      this.settings[name] = value;
      this.ranks[name] = rank;
    }
  }

  private measure(name: string, value: number | string | undefined): void {
    if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return;
    this.measurements[name] = value;
  }

  /** Engine markers are read from the raw line (paths and process names tell the engine). */
  private readMarkers(raw: string, text: string): void {
    const lower = raw.toLowerCase();
    if (lower.includes('vllm') || VLLM_OWN_LINES.test(raw)) this.markers.vllm += 1;
    if (
      /\/vllm\/v1\/|\bv1 llm engine|enginecore|\(vllmworker rank=|\bworker_tp\d|\bapiserver pid=/i.test(raw)
    )
      this.markers.vllmV1 += 1;
    if (
      /\bv0 llm engine|vllmworkerprocess|multiproc_worker_utils|\/vllm\/worker\/worker\.py|\/vllm\/engine\/llm_engine\.py|mqllmengine|falling back to v0/i.test(
        raw,
      )
    )
      this.markers.vllmV0 += 1;
    if (lower.includes('xinference') || lower.includes('xoscar') || lower.includes('[address='))
      this.markers.xinference += 1;
    if (
      lower.includes('sglang') ||
      lower.includes('mem-fraction-static') ||
      lower.includes('mem_fraction_static')
    )
      this.markers.sglang += 1;
    if (lower.includes('lmdeploy') || lower.includes('turbomind') || text.includes('[TM]'))
      this.markers.lmdeploy += 1;
    if (
      lower.includes('llamafactory') ||
      lower.includes('llama-factory') ||
      lower.includes('llamafactory-cli')
    )
      this.markers.llamafactory += 1;
    if (lower.includes('torch')) this.markers.torch += 1;
  }

  private readVersions(raw: string, text: string): void {
    const vllm =
      /vLLM (?:API )?server version (\d+\.\d+\.\d+[\w.+-]*)/i.exec(text) ??
      /LLM engine \(v(\d+\.\d+\.\d+[\w.+-]*)\)/.exec(text) ??
      /\bvllm-(\d+\.\d+\.\d+(?:\.post\d+)?)[-/]/.exec(raw) ??
      /vllm\/vllm-openai:v(\d+\.\d+\.\d+[\w.+-]*)/.exec(raw) ??
      /\bvllm[=-]=?(\d+\.\d+\.\d+(?:\.post\d+)?)\b/i.exec(raw) ??
      /\bvLLM\b[^\n]*?\bversion:?\s+v?(\d+\.\d+\.\d+[\w.+-]*)/i.exec(text);
    if (vllm && !this.vllmVersion) this.vllmVersion = vllm[1];
    const xinference = /xinference(?:\s+version|[=-]=?|:v)\s*v?(\d+\.\d+\.\d+[\w.+-]*)/i.exec(raw);
    if (xinference && !this.xinferenceVersion) this.xinferenceVersion = xinference[1];
    const sglang = /sglang(?:\s+version|==|:v)\s*v?(\d+\.\d+\.\d+[\w.+-]*)/i.exec(raw);
    if (sglang && !this.sglangVersion) this.sglangVersion = sglang[1];
  }

  private readSettings(text: string): void {
    if (/LLM engine(?: \(v[^)]*\))? with config:|Initializing an? (?:V[01] )?LLM engine/i.test(text)) {
      const values = parseKeyValueRepr(text.slice(text.indexOf('config:')));
      this.setSetting(values, SourceRank.EngineConfig);
      if (typeof values.model === 'string') this.model = values.model;
      if (/device_config=cpu\b/.test(text)) this.cpuBackend = true;
      return;
    }
    const namespace = /\bargs: Namespace\((.*)\)?/.exec(text);
    if (namespace) {
      this.setSetting(parseKeyValueRepr(namespace[1]), SourceRank.EngineArgs);
      return;
    }
    const dict = /non-default args: (\{.*)|with following model config: (\{.*)|with kwargs: (\{.*)/i.exec(
      text,
    );
    if (dict) {
      this.setSetting(parseDictRepr(dict[1] ?? dict[2] ?? dict[3]), SourceRank.EngineArgs);
      return;
    }
    if (/'\w+':\s*[\d'"TF{[]/.test(text)) {
      // A printed dict of engine settings without a known label (users print their config).
      this.setSetting(parseDictRepr(text), SourceRank.CommandLine);
    }
    if (
      // LLM(...), EngineArgs(...), or any class-like call with keyword arguments (wrappers of vLLM).
      /\b(?:LLM|EngineArgs|AsyncEngineArgs|SamplingParams|[A-Z]\w*)\([^)]*\w\s?=/.test(text) ||
      /model_args\s+\S*=/.test(text)
    ) {
      const kwargs = parseKeyValueRepr(text);
      delete kwargs.max_tokens;
      this.setSetting(kwargs, SourceRank.CommandLine);
    }
    const kwarg = KWARG_LINE.exec(text);
    if (kwarg) {
      const name = canonicalSettingName(kwarg[1]);
      const value = toSettingValue(kwarg[2]);
      // Only literal values: `tensor_parallel_size=torch.cuda.device_count()` says nothing.
      if (name && (typeof value !== 'string' || /^['"]/.test(kwarg[2].trim()))) {
        this.setSetting({ [name]: value }, SourceRank.CommandLine);
      }
    }
    for (const span of text.matchAll(BACKTICKED)) {
      const inner = span[1];
      const values = { ...parseKeyValueRepr(inner), ...parseCommandFlags(inner) };
      const literal = Object.entries(values).filter(
        ([, value]) => typeof value === 'number' || typeof value === 'boolean',
      );
      if (literal.length) this.setSetting(Object.fromEntries(literal), SourceRank.CommandLine);
    }
    if (COMMAND_LINE.test(text)) {
      this.setSetting(parseCommandFlags(text), SourceRank.CommandLine);
    } else if (/\s--[a-z]/.test(text)) {
      // The rest of a command wrapped onto another line: trust it when it holds two or more
      // known flags with plain values (advice text such as "set --max-model-len to …" does not).
      const flags = parseCommandFlags(text);
      const plain = Object.entries(flags).filter(
        ([, value]) => typeof value === 'number' || typeof value === 'boolean',
      );
      if (plain.length >= 2) this.setSetting(Object.fromEntries(plain), SourceRank.CommandLine);
    }
    const usingLen = /Using max model len (\d+)/.exec(text);
    if (usingLen) this.setSetting({ max_model_len: Number(usingLen[1]) }, SourceRank.EngineConfig);
  }

  private readMeasurements(text: string): void {
    let match: RegExpExecArray | null;
    if ((match = /(?:Loading model weights|Model loading) took ([\d.]+) ?Gi?B/i.exec(text)))
      this.measure('weights_gib', Number(match[1]));
    if ((match = /# (?:GPU|cuda|CUDA|xpu|cpu) blocks: (\d+)/i.exec(text)))
      this.measure('gpu_blocks', Number(match[1]));
    if ((match = /after num_gpu_blocks is: (\d+)/i.exec(text))) this.measure('gpu_blocks', Number(match[1]));
    if ((match = /GPU KV cache size: ([\d,]+) tokens/i.exec(text)))
      this.measure('kv_cache_tokens', Number(match[1].replace(/,/g, '')));
    if ((match = /Available KV cache memory: (-?[\d.]+) ?GiB/i.exec(text)))
      this.measure('kv_cache_gib', Number(match[1]));
    if ((match = /Maximum concurrency for ([\d,]+) tokens per request: ([\d.]+)x/i.exec(text))) {
      this.measure('max_concurrency', Number(match[2]));
      this.setSetting({ max_model_len: Number(match[1].replace(/,/g, '')) }, SourceRank.EngineArgs);
    }
    if ((match = /total_gpu_memory[= ]\(?([\d.]+) ?GiB/i.exec(text)))
      this.measure('total_gpu_memory_gib', Number(match[1]));
    if ((match = /kv_cache_size=(-?[\d.]+)GiB/i.exec(text))) this.measure('kv_cache_gib', Number(match[1]));
    if ((match = /gpu_memory_utilization[= ]\(?([\d.]+)\)?/i.exec(text)) && /total_gpu_memory/i.test(text))
      this.setSetting({ gpu_memory_utilization: Number(match[1]) }, SourceRank.EngineConfig);
    if ((match = /model weights take ([\d.]+)GiB/i.exec(text))) this.measure('weights_gib', Number(match[1]));
    if ((match = /the rest of the memory reserved for KV Cache is (-?[\d.]+)GiB/i.exec(text)))
      this.measure('kv_cache_gib', Number(match[1]));
    if ((match = /Auto-fit max_model_len: reduced from (\d+) to (\d+)/i.exec(text)))
      this.measure('estimated_max_model_len', Number(match[2]));
    if (
      /Automatically detected platform cpu\b|Using CPU backend|device_config=cpu\b|VLLM_CPU_KVCACHE_SPACE/i.test(
        text,
      )
    )
      this.cpuBackend = true;
    if ((match = /\bGPU\s*\d*\s+has a total capac(?:i)?ty of ([\d.]+) GiB/i.exec(text)))
      this.measure('total_gpu_memory_gib', Number(match[1]));
    if ((match = /\(GPU \d+; ([\d.]+) GiB total capacity/i.exec(text)))
      this.measure('total_gpu_memory_gib', Number(match[1]));
    if ((match = /Free memory on device(?: \S+)? \(([\d.]+)\/([\d.]+) GiB\)/i.exec(text)))
      this.measure('total_gpu_memory_gib', Number(match[2]));
    if ((match = /Your (.+?) GPU (?:has|does not have) (?:a )?compute capability/i.exec(text)))
      this.measure('gpu_name', match[1]);
  }

  /** Reads one processed line (raw: cleaned text with prefixes; text: normalised). */
  add(raw: string, text: string, factLine: boolean): void {
    this.readMarkers(raw, text);
    // Error lines carry numbers too (GPU capacity in an OOM, free memory, GPU name).
    if (/\d/.test(text)) this.readMeasurements(text);
    if (!factLine) return;
    this.readVersions(raw, text);
    this.readSettings(text);
  }

  engineName(): { engine: EngineName; innerEngine?: EngineName } {
    const m = this.markers;
    const inner: EngineName | undefined =
      m.vllm > 0 ? 'vllm' : m.sglang > 0 ? 'sglang' : m.lmdeploy > 0 ? 'lmdeploy' : undefined;
    if (m.xinference > 0) return { engine: 'xinference', innerEngine: inner };
    if (m.llamafactory > 0) return { engine: 'llamafactory', innerEngine: inner };
    if (m.sglang > 0 && m.sglang >= m.vllm) return { engine: 'sglang' };
    if (m.lmdeploy > 0 && m.lmdeploy >= m.vllm) return { engine: 'lmdeploy' };
    if (m.vllm > 0) return { engine: 'vllm' };
    if (m.torch > 0) return { engine: 'pytorch' };
    return { engine: 'unknown' };
  }

  result(): LogFacts {
    const { engine, innerEngine } = this.engineName();
    const facts: LogFacts = {
      engine,
      settings: { ...this.settings },
      measurements: { ...this.measurements },
    };
    if (innerEngine) facts.innerEngine = innerEngine;
    if (this.vllmVersion) facts.vllmVersion = this.vllmVersion;
    if (this.xinferenceVersion) facts.xinferenceVersion = this.xinferenceVersion;
    const version =
      engine === 'xinference'
        ? this.xinferenceVersion
        : engine === 'sglang'
          ? this.sglangVersion
          : engine === 'vllm'
            ? this.vllmVersion
            : undefined;
    if (version) facts.engineVersion = version;
    if (this.markers.vllm > 0 || innerEngine === 'vllm') {
      const v1 = this.markers.vllmV1 > 0 && this.markers.vllmV1 >= this.markers.vllmV0;
      if (v1) facts.vllmEngine = 'V1';
      else if (this.markers.vllmV0 > 0) facts.vllmEngine = 'V0';
      else if (this.vllmVersion)
        facts.vllmEngine = compareVersions(this.vllmVersion, '0.8.0') < 0 ? 'V0' : 'V1';
    }
    const model = this.model ?? (typeof this.settings.model === 'string' ? this.settings.model : undefined);
    if (model) facts.model = model;
    if (this.cpuBackend) facts.cpuBackend = true;
    return facts;
  }
}

/** Compares dotted versions numerically (`0.10.1` > `0.9.2`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
  const pb = b.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < 3; i += 1) {
    const x = Number.isNaN(pa[i]) ? 0 : (pa[i] ?? 0);
    const y = Number.isNaN(pb[i]) ? 0 : (pb[i] ?? 0);
    if (x !== y) return x - y;
  }
  return 0;
}
