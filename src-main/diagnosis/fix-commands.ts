/**
 * Spelling corrected settings for each way people start vLLM: `vllm serve` flags, Python
 * `LLM(...)` keywords, `xinference launch` extra options (verbatim names: underscores, and a value
 * even for booleans), the Xinference web UI's key/value pairs, and `docker run vllm/vllm-openai`.
 */
import type { Fix, FixTarget, LogFacts, SettingValue } from './types';

/** Settings from the log that a corrected command should carry along with the fix. */
const CARRIED_SETTINGS = [
  'tensor_parallel_size',
  'pipeline_parallel_size',
  'max_model_len',
  'gpu_memory_utilization',
  'dtype',
  'quantization',
  'kv_cache_dtype',
  'max_num_seqs',
  'max_num_batched_tokens',
  'enforce_eager',
  'trust_remote_code',
  'cpu_offload_gb',
] as const;

function cliValue(value: SettingValue): string {
  if (value === null) return 'None';
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  const text = String(value);
  // `<model>` is a placeholder for the user to fill in, shown as is.
  if (/^<[\w -]+>$/.test(text)) return text;
  return /^[\w.,:/@+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function pythonValue(value: SettingValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return JSON.stringify(value);
}

function vllmFlags(settings: Record<string, SettingValue>): string[] {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined || value === null) continue;
    const flag = `--${name.replace(/_/g, '-')}`;
    if (typeof value === 'boolean') {
      if (value) parts.push(flag);
      else if (name === 'enforce_eager' || name === 'trust_remote_code') continue;
      else parts.push(`--no-${name.replace(/_/g, '-')}`);
      continue;
    }
    parts.push(`${flag} ${cliValue(value)}`);
  }
  return parts;
}

function xinferenceValue(value: SettingValue): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return cliValue(value);
}

/** Xinference's own dashed options replace some engine options (it sets TP from the GPU count). */
function xinferenceOptions(settings: Record<string, SettingValue>): string[] {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined || value === null) continue;
    if (name === 'tensor_parallel_size') {
      parts.push(`--n-gpu ${cliValue(value)}`);
      continue;
    }
    parts.push(`--${name} ${xinferenceValue(value)}`);
  }
  return parts;
}

function envPrefix(env: Record<string, string> | undefined): string {
  if (!env) return '';
  return Object.entries(env)
    .map(([key, value]) => `${key}=${cliValue(value)} `)
    .join('');
}

/** The log's own settings, overridden by the fix's, in a stable order. */
export function mergedSettings(
  facts: LogFacts,
  fixSettings: Record<string, SettingValue>,
): Record<string, SettingValue> {
  const merged: Record<string, SettingValue> = {};
  for (const name of CARRIED_SETTINGS) {
    const fromLog = facts.settings[name];
    if (fromLog !== undefined && fromLog !== null) merged[name] = fromLog;
  }
  for (const [name, value] of Object.entries(fixSettings)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  // Defaults that say nothing are left out of the command.
  if (merged.enforce_eager === false) delete merged.enforce_eager;
  if (merged.tensor_parallel_size === 1) delete merged.tensor_parallel_size;
  if (merged.pipeline_parallel_size === 1) delete merged.pipeline_parallel_size;
  if (merged.quantization === 'None') delete merged.quantization;
  if (merged.kv_cache_dtype === 'auto') delete merged.kv_cache_dtype;
  return merged;
}

function isXinference(facts: LogFacts): boolean {
  return facts.engine === 'xinference';
}

/** Ready-to-copy snippets of a fix for every target. */
export function renderCommands(
  facts: LogFacts,
  settings: Record<string, SettingValue>,
  env?: Record<string, string>,
): Partial<Record<FixTarget, string>> {
  const model = facts.model ?? '<model>';
  const merged = mergedSettings(facts, settings);
  const flags = vllmFlags(merged);
  const commands: Partial<Record<FixTarget, string>> = {};
  commands['vllm-cli'] =
    `${envPrefix(env)}vllm serve ${cliValue(model)}${flags.length ? ' ' + flags.join(' ') : ''}`;
  const kwargs = [
    `model=${pythonValue(model)}`,
    ...Object.entries(merged).map(([k, v]) => `${k}=${pythonValue(v)}`),
  ];
  const envLines = env
    ? Object.entries(env)
        .map(([key, value]) => `os.environ[${JSON.stringify(key)}] = ${JSON.stringify(value)}\n`)
        .join('')
    : '';
  commands['vllm-python'] =
    `${envLines ? 'import os\n' + envLines : ''}from vllm import LLM\nllm = LLM(${kwargs.join(', ')})`;
  const xinferenceModel = isXinference(facts) && facts.model ? facts.model : '<model-name>';
  const xinferenceFlags = xinferenceOptions(settings);
  commands['xinference-cli'] =
    `${envPrefix(env)}xinference launch --model-engine vllm --model-name ${cliValue(xinferenceModel)}` +
    (xinferenceFlags.length ? ' ' + xinferenceFlags.join(' ') : '');
  commands['xinference-webui'] = Object.entries(settings)
    .filter(([name, value]) => value !== null && name !== 'tensor_parallel_size')
    .map(([name, value]) => `${name} = ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('\n');
  const dockerEnv = env
    ? Object.entries(env)
        .map(([key, value]) => `-e ${key}=${cliValue(value)} `)
        .join('')
    : '';
  commands.docker =
    `docker run --gpus all --ipc=host -p 8000:8000 ${dockerEnv}` +
    `-v ~/.cache/huggingface:/root/.cache/huggingface vllm/vllm-openai:latest --model ${cliValue(model)}` +
    (flags.length ? ' ' + flags.join(' ') : '');
  if (env && Object.keys(env).length) {
    commands.env = Object.entries(env)
      .map(([key, value]) => `export ${key}=${cliValue(value)}`)
      .join('\n');
  }
  return commands;
}

/** Builds a fix with its commands. `settings` uses vLLM's parameter names. */
export function makeFix(
  facts: LogFacts,
  summary: string,
  summaryZh: string,
  settings: Record<string, SettingValue>,
  options: { env?: Record<string, string>; commands?: boolean } = {},
): Fix {
  const before: Record<string, SettingValue> = {};
  for (const name of Object.keys(settings)) {
    const previous = facts.settings[name];
    if (previous !== undefined) before[name] = previous;
  }
  const fix: Fix = { summary, summaryZh, settings };
  if (options.env) fix.env = options.env;
  if (Object.keys(before).length) fix.before = before;
  if (options.commands !== false && (Object.keys(settings).length || options.env)) {
    fix.commands = renderCommands(facts, settings, options.env);
  }
  return fix;
}
