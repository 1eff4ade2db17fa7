/**
 * The flag checker: paste a `vllm serve` / api_server / `xinference launch` / `docker run` command or
 * Python `LLM(...)` kwargs; get unknown names with a did-you-mean, renamed or removed names with their
 * replacement, and impossible values explained.
 */
import { findModel } from '../model-catalog';
import type { FlagIssue, ModelSpec } from '../types';
import { atLeast } from '../vllm-version';
import { parseDockerRun } from '../writers/docker-run';
import { parsePythonLLM } from '../writers/python-llm';
import { parseHumanInt } from '../writers/setting-keys';
import { parseVllmServe } from '../writers/vllm-serve';
import { parseXinferenceLaunch, XINFERENCE_BUILTIN_KEYS } from '../writers/xinference-launch';
import {
  ARG_TABLE_VLLM_VERSION,
  RENAMED_ARGS,
  VLLM_ARGS,
  findArg,
  pythonName,
  type VllmArg,
} from './arg-table';
import { closestName } from './did-you-mean';

export interface CheckFlagsOptions {
  /** The model the command is for, when the caller knows it better than the command's text. */
  model?: ModelSpec;
  /** GPUs on the machine. */
  gpuCount?: number;
  vllmVersion?: string;
}

type Front = 'cli' | 'python' | 'xinference';

interface NamedValue {
  written: string;
  name: string;
  value: unknown;
  raw?: string;
}

const XINFERENCE_CONSUMED = new Set([
  'model_quantization',
  'download_hub',
  'reasoning_content',
  'enable_mtp',
  'draft_quantization',
  'draft_model_path',
  'num_speculative_tokens',
  'enable_xavier',
  'min_pixels',
  'max_pixels',
  'rope_scaling',
  'model_path',
]);

const ALL_NAMES = VLLM_ARGS.map((a) => a.name);

function detectFront(text: string): 'vllm' | 'python' | 'xinference' | 'docker' {
  if (/\bxinference\s+launch\b/.test(text)) return 'xinference';
  if (/\bdocker\s+run\b/.test(text)) return 'docker';
  if (/\bvllm\s+serve\b|vllm\.entrypoints/.test(text)) return 'vllm';
  if (/\b(LLM|EngineArgs)\s*\(/.test(text)) return 'python';
  if (/(^|\s)--?[A-Za-z]/.test(text)) return 'vllm';
  return /[A-Za-z_]\w*\s*=/.test(text) ? 'python' : 'vllm';
}

function spell(name: string, front: Front): string {
  return front === 'cli' ? `--${name.replace(/_/g, '-')}` : name;
}

function checkName(
  item: NamedValue,
  front: Front,
  version: string | undefined,
  issues: FlagIssue[],
): VllmArg | undefined {
  const arg = findArg(item.name);
  const renamed = RENAMED_ARGS.find((r) => r.from === item.name);
  if (arg?.removed && version && atLeast(version, /^\d/.test(arg.removed) ? arg.removed : '999.0.0')) {
    const replacement = renamed?.to;
    issues.push({
      severity: 'error',
      name: item.written,
      value: item.raw,
      message: `'${item.name}' was removed in vLLM ${arg.removed}${arg.note ? ` (${arg.note})` : ''}.`,
      suggestion: replacement ? spell(replacement, front) : undefined,
    });
    return arg;
  }
  if (arg) {
    if (arg.since && version && !atLeast(version, arg.since)) {
      issues.push({
        severity: 'error',
        name: item.written,
        message: `'${item.name}' first appeared in vLLM ${arg.since}; v${version} does not know it.`,
      });
    }
    if (arg.removed) {
      issues.push({
        severity: 'warning',
        name: item.written,
        message: `'${item.name}' is gone from newer vLLM (removed ${arg.removed})${renamed ? `; use ${spell(renamed.to, front)}` : ''}.`,
        suggestion: renamed ? spell(renamed.to, front) : undefined,
      });
    }
    if (front === 'python' && arg.serverOnly) {
      issues.push({
        severity: 'error',
        name: item.written,
        message: `'${item.name}' is an option of the OpenAI server, not of LLM(); LLM() raises "unexpected keyword argument".`,
      });
    }
    return arg;
  }
  if (renamed) {
    issues.push({
      severity: 'error',
      name: item.written,
      value: item.raw,
      message: `vLLM has no '${item.name}'${renamed.note ? ` (${renamed.note})` : ''}. Did you mean ${spell(renamed.to, front)}?`,
      suggestion: spell(renamed.to, front),
    });
    return undefined;
  }
  const near = closestName(item.name, ALL_NAMES);
  issues.push({
    severity: 'error',
    name: item.written,
    value: item.raw,
    message: `vLLM (read from v${ARG_TABLE_VLLM_VERSION}) has no argument '${item.name}'.${near ? ` Did you mean ${spell(near, front)}?` : ''}`,
    suggestion: near ? spell(near, front) : undefined,
  });
  return undefined;
}

function checkValue(
  item: NamedValue,
  arg: VllmArg,
  front: Front,
  model: ModelSpec | undefined,
  options: CheckFlagsOptions,
  issues: FlagIssue[],
): void {
  const value = item.value;
  const shown = item.raw ?? String(value);
  const numeric = typeof value === 'number' ? value : undefined;
  const add = (message: string, suggestion?: string): void => {
    issues.push({ severity: 'error', name: item.written, value: shown, message, suggestion });
  };
  if (value === undefined || value === true) {
    if (arg.type !== 'bool') add(`${spell(arg.name, front)} needs a value.`);
    return;
  }
  if ((arg.type === 'int' || arg.type === 'float') && numeric === undefined) {
    add(`${spell(arg.name, front)} takes a number, not '${shown}'.`);
    return;
  }
  if (arg.type === 'int_or_auto') {
    const length = typeof value === 'number' ? value : parseHumanInt(String(value));
    if (value === 'auto' || value === -1 || length === -1) {
      if (options.vllmVersion && !atLeast(options.vllmVersion, '0.14.0'))
        add(`max_model_len auto needs vLLM 0.14 or newer.`);
      return;
    }
    if (front === 'python' && typeof value === 'string')
      add(
        `In Python, max_model_len is an int: write ${length ?? 'a number'} without quotes.`,
        length ? String(length) : undefined,
      );
    if (length === undefined) {
      add(
        `max_model_len takes a whole number${front === 'cli' ? ' (32k / 32K are accepted from v0.8.4)' : ''}, not '${shown}'.`,
      );
      return;
    }
    if (model && length > model.maxModelLen) {
      add(
        `max_model_len ${length} is above ${model.id}'s limit of ${model.maxModelLen} tokens (derived from its config); vLLM refuses it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1.`,
        String(model.maxModelLen),
      );
    }
    return;
  }
  if (arg.range && numeric !== undefined && !(numeric > arg.range[0] && numeric <= arg.range[1])) {
    const asFraction = numeric > 1 && numeric <= 100 ? numeric / 100 : undefined;
    add(
      `${arg.name} is a fraction of the GPU's memory between 0 and 1, not ${shown}.${asFraction ? ` ${shown}% is ${asFraction}.` : ''}`,
      asFraction ? String(asFraction) : undefined,
    );
    return;
  }
  if (arg.choices && !arg.choices.map(String).includes(String(value))) {
    const near = closestName(String(value).toLowerCase(), arg.choices.map(String));
    add(
      `'${shown}' is not one of ${arg.name}'s choices (${arg.choices.join(', ')}).${near ? ` Did you mean ${near}?` : ''}`,
      near,
    );
    return;
  }
  if (arg.name === 'tensor_parallel_size' && numeric !== undefined && model) {
    if (model.numAttentionHeads % numeric !== 0) {
      const valid = [1, 2, 4, 8, 16].filter((t) => model.numAttentionHeads % t === 0 && t !== numeric);
      add(
        `Total number of attention heads (${model.numAttentionHeads}) of ${model.id} must be divisible by tensor parallel size (${numeric}). Valid sizes: ${valid.join(', ')}.`,
        String(valid.filter((t) => t < numeric).pop() ?? valid[0]),
      );
    }
  }
  if (arg.name === 'pipeline_parallel_size' && numeric !== undefined && model && numeric > model.numLayers) {
    add(`pipeline_parallel_size ${numeric} is larger than ${model.id}'s ${model.numLayers} layers.`);
  }
}

function checkGpuCount(items: NamedValue[], options: CheckFlagsOptions, issues: FlagIssue[]): void {
  if (options.gpuCount === undefined) return;
  const get = (name: string): number => {
    const found = items.find((i) => i.name === name);
    return typeof found?.value === 'number' ? found.value : 1;
  };
  const needed = get('tensor_parallel_size') * get('pipeline_parallel_size');
  if (needed > options.gpuCount) {
    issues.push({
      severity: 'error',
      name: 'tensor_parallel_size',
      value: String(get('tensor_parallel_size')),
      message: `tensor_parallel_size × pipeline_parallel_size = ${needed} needs more GPUs than the ${options.gpuCount} on this machine.`,
    });
  }
}

/** Checks a pasted command or Python kwargs. */
export function checkFlags(text: string, options: CheckFlagsOptions = {}): FlagIssue[] {
  const issues: FlagIssue[] = [];
  const front = detectFront(text);
  let items: NamedValue[] = [];
  let modelName: string | undefined;
  let checkFront: Front = 'cli';
  if (front === 'python') {
    checkFront = 'python';
    const parsed = parsePythonLLM(text);
    modelName = typeof parsed.values.model === 'string' ? parsed.values.model : undefined;
    items = parsed.kwargs
      .filter((k) => k.name)
      .map((k) => ({ written: k.name, name: k.name, value: k.value, raw: k.source }));
  } else if (front === 'xinference') {
    checkFront = 'xinference';
    const parsed = parseXinferenceLaunch(text);
    for (const p of parsed.problems)
      issues.push({ severity: 'error', name: p.word, message: p.message, suggestion: p.suggestion });
    modelName = parsed.builtins.model_path ?? parsed.builtins.model_name;
    items = Object.entries(parsed.extra)
      .filter(
        ([name]) =>
          !XINFERENCE_CONSUMED.has(name) && !XINFERENCE_BUILTIN_KEYS.has(name) && !name.includes('-'),
      )
      .map(([name, value]) => ({ written: `--${name}`, name, value, raw: String(value) }));
    const tp = parsed.extra.tensor_parallel_size;
    if (tp !== undefined) {
      issues.push({
        severity: 'warning',
        name: '--tensor_parallel_size',
        message:
          'Xinference sets tensor_parallel_size from the GPUs it gives the model; use --n-gpu instead.',
        suggestion: `--n-gpu ${String(tp)}`,
      });
    }
    if (parsed.extra.quantization !== undefined) {
      issues.push({
        severity: 'warning',
        name: '--quantization',
        message:
          "Xinference's --quantization is its own spec field; vLLM's method goes in --model_quantization.",
      });
    }
    if (parsed.builtins.n_gpu && /^\d+$/.test(parsed.builtins.n_gpu)) {
      items.push({
        written: '--n-gpu',
        name: 'tensor_parallel_size',
        value: Number(parsed.builtins.n_gpu),
        raw: parsed.builtins.n_gpu,
      });
    }
  } else {
    const serve = front === 'docker' ? undefined : parseVllmServe(text);
    const parsed = serve ?? parseDockerRun(text).vllm;
    modelName = parsed.model;
    if (serve?.form === 'vllm-serve' && serve.modelFromFlag) {
      issues.push({
        severity: 'warning',
        name: '--model',
        message: '`vllm serve` takes the model as its first argument; --model is deprecated there.',
      });
    }
    items = parsed.options
      .filter((o) => o.name !== 'model')
      .map((o) => ({ written: o.flag, name: o.name, value: parsed.values[o.name], raw: o.raw }));
    if (options.vllmVersion && !atLeast(options.vllmVersion, '0.5.1')) {
      for (const o of parsed.options) {
        if (o.flag.startsWith('--') && o.flag.includes('_')) {
          issues.push({
            severity: 'error',
            name: o.flag,
            message: `vLLM before 0.5.1 only accepts dashes: ${o.flag.replace(/_/g, '-')}.`,
            suggestion: o.flag.replace(/_/g, '-'),
          });
        }
      }
    }
  }
  const model = options.model ?? (modelName ? findModel(modelName) : undefined);
  for (const item of items) {
    item.name = pythonName(item.name);
    const arg = checkName(
      item,
      checkFront === 'xinference' ? 'python' : checkFront,
      options.vllmVersion,
      issues,
    );
    if (arg)
      checkValue(item, arg, checkFront === 'xinference' ? 'python' : checkFront, model, options, issues);
  }
  checkGpuCount(items, options, issues);
  return issues;
}
