/**
 * `xinference launch` command lines. Built-in options are dashed (`--model-engine`, `--n-gpu`); engine
 * options are `--<vllm python name> <value>` with underscores and always a value, because Xinference
 * reads extra options two words at a time and converts values with `handle_click_args_type`
 * (research notes xinference.md §1.2 and §8).
 */
import type { ModelSpec, VllmSettings } from '../types';
import { orderedSettings, toVllmSettings } from './setting-keys';
import { joinCommand, splitShellWords } from './shell-words';

/** Built-in `xinference launch` options that take a value, with their short forms. */
const BUILTIN_WITH_VALUE: Record<string, string> = {
  '--model-name': 'model_name',
  '-n': 'model_name',
  '--model-engine': 'model_engine',
  '-en': 'model_engine',
  '--model-type': 'model_type',
  '-t': 'model_type',
  '--model-uid': 'model_uid',
  '-u': 'model_uid',
  '--size-in-billions': 'size_in_billions',
  '-s': 'size_in_billions',
  '--model-format': 'model_format',
  '-f': 'model_format',
  '--quantization': 'quantization',
  '-q': 'quantization',
  '--replica': 'replica',
  '-r': 'replica',
  '--n-worker': 'n_worker',
  '--n-gpu': 'n_gpu',
  '--gpu-idx': 'gpu_idx',
  '--worker-ip': 'worker_ip',
  '--model-path': 'model_path',
  '--endpoint': 'endpoint',
  '-e': 'endpoint',
  '--api-key': 'api_key',
  '-ak': 'api_key',
  '--peft-model-path': 'peft_model_path',
  '--image-lora-load-kwargs': 'image_lora_load_kwargs',
  '--image-lora-fuse-kwargs': 'image_lora_fuse_kwargs',
  '--trust-remote-code': 'trust_remote_code',
  '--enable-thinking': 'enable_thinking',
};

/** Keys that collide with `Client.launch_model`'s own parameters when given as extra options. */
export const XINFERENCE_BUILTIN_KEYS = new Set([
  'model_name',
  'model_type',
  'model_engine',
  'model_uid',
  'model_format',
  'quantization',
  'replica',
  'n_worker',
  'n_gpu',
  'peft_model_config',
  'worker_ip',
  'gpu_idx',
  'trust_remote_code',
  'enable_thinking',
  'enable_virtual_env',
  'virtual_env_packages',
  'envs',
]);

/** Xinference's `handle_click_args_type` (v2.7.0+: JSON objects and lists are parsed too). */
export function xinferenceValue(text: string): unknown {
  if (text === 'None') return null;
  if (text === 'True' || text === 'true') return true;
  if (text === 'False' || text === 'false') return false;
  const trimmed = text.trim().replace(/_/g, '');
  if (/^[-+]?\d+$/.test(trimmed)) return Number(trimmed);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) || /^[-+]?inf$/i.test(trimmed))
    return Number(trimmed);
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function xinferenceWord(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface XinferenceLaunchTarget {
  model: ModelSpec;
  gpuCount?: number;
}

/** The engine options as Xinference takes them (TP comes from --n-gpu, vLLM's quantization is model_quantization). */
export function xinferenceEngineOptions(settings: VllmSettings): Array<[string, unknown]> {
  const options: Array<[string, unknown]> = [];
  for (const [key, value] of orderedSettings(settings)) {
    if (key === 'tensor_parallel_size' || key === 'trust_remote_code') continue;
    if (key === 'max_model_len' && value === 'auto') continue;
    options.push([key === 'quantization' ? 'model_quantization' : key, value]);
  }
  return options;
}

/** `xinference launch --model-engine vllm --model-name … --n-gpu N --max_model_len 32768 …` */
export function writeXinferenceLaunch(
  settings: VllmSettings,
  target: XinferenceLaunchTarget,
  options: { multiline?: boolean } = {},
): string {
  const { model } = target;
  const builtins: string[][] = [['--model-engine', 'vllm']];
  if (model.xinference) {
    builtins.push(['--model-name', model.xinference.modelName]);
    builtins.push(['--size-in-billions', model.xinference.sizeInBillions]);
    builtins.push(['--model-format', model.xinference.modelFormat]);
    if (model.xinference.quantization) builtins.push(['--quantization', model.xinference.quantization]);
  } else {
    builtins.push(['--model-name', model.id]);
    builtins.push(['--model-path', model.hfId ?? model.id]);
  }
  const gpus = target.gpuCount ?? settings.tensor_parallel_size;
  if (gpus !== undefined) builtins.push(['--n-gpu', String(gpus)]);
  const extra = xinferenceEngineOptions(settings).map(([key, value]) => [`--${key}`, xinferenceWord(value)]);
  return joinCommand(['xinference', 'launch'], [...builtins, ...extra], options.multiline);
}

/** A problem in a pasted `xinference launch` command, with the Xinference error it causes. */
export interface XinferenceProblem {
  word: string;
  message: string;
  suggestion?: string;
}

export interface ParsedXinferenceLaunch {
  builtins: Record<string, string>;
  /** Extra options exactly as Xinference would pass them on (key verbatim, value converted). */
  extra: Record<string, unknown>;
  problems: XinferenceProblem[];
  /** The extra options read back as vLLM settings (model_quantization → quantization, n_gpu → TP). */
  settings: VllmSettings;
}

/** Reads a pasted `xinference launch …` command the way Xinference's CLI does, noting what would fail. */
export function parseXinferenceLaunch(text: string): ParsedXinferenceLaunch {
  const words = splitShellWords(text);
  const launchAt = words.indexOf('launch');
  const rest = launchAt >= 0 ? words.slice(launchAt + 1) : words;
  const builtins: Record<string, string> = {};
  const leftovers: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const word = rest[i];
    const [flag, inline] =
      word.startsWith('--') && word.includes('=')
        ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
        : [word, undefined];
    const builtin = BUILTIN_WITH_VALUE[flag];
    if (builtin) {
      const value = inline ?? rest[i + 1];
      if (inline === undefined) i += 1;
      if (value !== undefined) builtins[builtin] = value;
    } else if (flag === '--env') {
      i += 2;
    } else {
      leftovers.push(word);
    }
  }
  const extra: Record<string, unknown> = {};
  const problems: XinferenceProblem[] = [];
  for (let i = 0; i < leftovers.length; i += 2) {
    const key = leftovers[i];
    if (!key.startsWith('--')) {
      problems.push({
        word: key,
        message: `Xinference reads extra options in pairs; '${key}' is where a --name was expected ("You must specify extra kwargs with \`--\` prefix").`,
      });
      i -= 1;
      continue;
    }
    if (key.includes('=')) {
      const [name, value] = [key.slice(2, key.indexOf('=')), key.slice(key.indexOf('=') + 1)];
      problems.push({
        word: key,
        message:
          'Xinference does not understand --name=value; it pairs words, so this breaks the rest of the line.',
        suggestion: `--${name.replace(/-/g, '_')} ${value}`,
      });
      i -= 1;
      continue;
    }
    const value = leftovers[i + 1];
    if (value === undefined || value.startsWith('--')) {
      problems.push({
        word: key,
        message: `${key} has no value; Xinference needs one for every extra option (write '${key} true' for a switch).`,
        suggestion: `${key.replace(/-/g, '_').replace(/^__/, '--')} true`,
      });
      i -= 1;
      continue;
    }
    const name = key.slice(2);
    if (name.includes('-')) {
      problems.push({
        word: key,
        message: `Xinference passes '${name}' to the engine verbatim; vLLM only knows '${name.replace(/-/g, '_')}'.`,
        suggestion: `--${name.replace(/-/g, '_')} ${value}`,
      });
    }
    if (XINFERENCE_BUILTIN_KEYS.has(name)) {
      problems.push({
        word: key,
        message: `'${name}' is one of Xinference's own launch parameters; as an extra option it raises "got multiple values for keyword argument".`,
        suggestion: `--${name.replace(/_/g, '-')} ${value}`,
      });
    }
    extra[name] = xinferenceValue(value);
  }
  const values: Record<string, unknown> = { ...extra };
  if (extra.model_quantization !== undefined) values.quantization = extra.model_quantization;
  else delete values.quantization;
  if (builtins.n_gpu !== undefined && /^\d+$/.test(builtins.n_gpu))
    values.tensor_parallel_size = Number(builtins.n_gpu);
  return { builtins, extra, problems, settings: toVllmSettings(values) };
}
