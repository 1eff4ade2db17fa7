/** `vllm serve` command lines: writing them, and reading pasted ones back (also the api_server module form). */
import { findArg, findShortArg, pythonName, type ArgType } from '../flags/arg-table';
import type { VllmSettings } from '../types';
import { coerceValue, orderedSettings, toVllmSettings, type SettingType } from './setting-keys';
import { joinCommand, splitShellWords } from './shell-words';

export interface WriteCommandOptions {
  /** One option per line, joined with ` \`. */
  multiline?: boolean;
}

/** CLI words for settings: `--max-model-len 32768`, `--enforce-eager` (true) or nothing (false). */
export function vllmOptionWords(settings: VllmSettings): string[][] {
  const options: string[][] = [];
  for (const [key, value] of orderedSettings(settings)) {
    const flag = `--${key.replace(/_/g, '-')}`;
    if (typeof value === 'boolean') {
      if (value) options.push([flag]);
      else options.push([`--no-${key.replace(/_/g, '-')}`]);
    } else {
      options.push([flag, String(value)]);
    }
  }
  return options;
}

/** `vllm serve <model> --option value …` */
export function writeVllmServe(
  settings: VllmSettings,
  model = settings.model,
  options: WriteCommandOptions = {},
): string {
  if (!model) throw new Error('writeVllmServe needs a model');
  return joinCommand(['vllm', 'serve', model], vllmOptionWords(settings), options.multiline);
}

/** One option as written on a pasted command line. */
export interface ParsedOption {
  /** As written, e.g. `--max_model_len` or `-tp`. */
  flag: string;
  /** Python spelling (`max_model_len`), after short aliases are expanded. */
  name: string;
  /** The raw value text; undefined for a bare flag. */
  raw?: string;
  /** Whether the value came as `--x=y`. */
  inline: boolean;
}

export interface ParsedVllmCommand {
  /** `vllm-serve`, `api-server` (python -m vllm.entrypoints.openai.api_server), or `args` (bare options). */
  form: 'vllm-serve' | 'api-server' | 'args';
  model?: string;
  /** Whether the model came from `--model` rather than the positional argument. */
  modelFromFlag: boolean;
  options: ParsedOption[];
  /** Words that are neither options nor the model. */
  extraPositionals: string[];
  /** Environment assignments before the command (`VLLM_USE_V1=0 vllm serve …`). */
  env: Record<string, string>;
  /** Typed values by Python name, for known arguments (unknown ones keep their text). */
  values: Record<string, unknown>;
  settings: VllmSettings;
}

function coerceArg(type: ArgType, raw: string | undefined): unknown {
  if (raw === undefined) return type === 'bool' ? true : undefined;
  if (type === 'json') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  const value = coerceValue(type as SettingType, raw);
  return value === undefined ? raw : value;
}

/** Whether the word after a flag is its value (not another option). Negative numbers are values. */
function looksLikeValue(word: string | undefined): word is string {
  return word !== undefined && !(word.startsWith('-') && !/^-\d/.test(word));
}

/** Parses the options of a vLLM command line, starting after the program words. */
export function parseVllmOptions(words: string[]): Pick<ParsedVllmCommand, 'options' | 'extraPositionals'> {
  const options: ParsedOption[] = [];
  const extraPositionals: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (!word.startsWith('-') || /^-\d/.test(word)) {
      extraPositionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const short = findShortArg(flag);
    let name = short ? short.name : pythonName(flag);
    let raw: string | undefined = eq > 0 ? word.slice(eq + 1) : undefined;
    const negated = raw === undefined && name.startsWith('no_') && findArg(name.slice(3))?.type === 'bool';
    if (negated) {
      name = name.slice(3);
      raw = 'false';
    }
    const known = short ?? findArg(name);
    const isBool = known?.type === 'bool';
    if (raw === undefined && !negated) {
      const next = words[i + 1];
      const takesValue = isBool ? next !== undefined && /^(true|false)$/i.test(next) : looksLikeValue(next);
      if (takesValue) {
        raw = next;
        i += 1;
      }
    }
    options.push({ flag, name, raw, inline: eq > 0 });
  }
  return { options, extraPositionals };
}

function typedValues(options: ParsedOption[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const option of options) {
    const arg = findArg(option.name);
    values[option.name] = arg ? coerceArg(arg.type, option.raw) : (option.raw ?? true);
  }
  return values;
}

/** Reads a pasted `vllm serve …` / `python -m vllm.entrypoints.openai.api_server …` command. */
export function parseVllmServe(text: string): ParsedVllmCommand {
  const words = splitShellWords(text);
  const env: Record<string, string> = {};
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) {
    const [key, ...rest] = words[i].split('=');
    env[key] = rest.join('=');
    i += 1;
  }
  let form: ParsedVllmCommand['form'] = 'args';
  if (words[i] === 'vllm' && words[i + 1] === 'serve') {
    form = 'vllm-serve';
    i += 2;
  } else {
    const moduleAt = words.indexOf('vllm.entrypoints.openai.api_server', i);
    if (moduleAt >= 0) {
      form = 'api-server';
      i = moduleAt + 1;
    }
  }
  const { options, extraPositionals } = parseVllmOptions(words.slice(i));
  const values = typedValues(options);
  const modelOption = options.find((o) => o.name === 'model');
  let model = modelOption?.raw;
  const positionals = [...extraPositionals];
  if (!model && form === 'vllm-serve' && positionals.length > 0) model = positionals.shift();
  if (model) values.model = model;
  return {
    form,
    model,
    modelFromFlag: modelOption !== undefined,
    options,
    extraPositionals: positionals,
    env,
    values,
    settings: toVllmSettings(values),
  };
}
