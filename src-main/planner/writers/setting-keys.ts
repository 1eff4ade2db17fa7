/** The settings every writer knows, in the order they are written, and how their values are typed. */
import type { VllmSettings } from '../types';

export type SettingType = 'int' | 'float' | 'bool' | 'str' | 'int_or_auto';

export const SETTING_ORDER: Array<{ key: keyof VllmSettings; type: SettingType }> = [
  { key: 'tensor_parallel_size', type: 'int' },
  { key: 'pipeline_parallel_size', type: 'int' },
  { key: 'max_model_len', type: 'int_or_auto' },
  { key: 'gpu_memory_utilization', type: 'float' },
  { key: 'dtype', type: 'str' },
  { key: 'quantization', type: 'str' },
  { key: 'kv_cache_dtype', type: 'str' },
  { key: 'max_num_seqs', type: 'int' },
  { key: 'max_num_batched_tokens', type: 'int' },
  { key: 'block_size', type: 'int' },
  { key: 'enforce_eager', type: 'bool' },
  { key: 'enable_prefix_caching', type: 'bool' },
  { key: 'cpu_offload_gb', type: 'float' },
  { key: 'trust_remote_code', type: 'bool' },
];

export type SettingEntry = [keyof VllmSettings, string | number | boolean];

/** The settings that are present, in writing order (the model is written separately). */
export function orderedSettings(settings: VllmSettings): SettingEntry[] {
  const entries: SettingEntry[] = [];
  for (const { key } of SETTING_ORDER) {
    const value = settings[key];
    if (value !== undefined) entries.push([key, value]);
  }
  return entries;
}

/** Copies recognised keys from a parsed name → value map into VllmSettings. */
export function toVllmSettings(values: Record<string, unknown>): VllmSettings {
  const settings: VllmSettings = {};
  const target = settings as Record<string, unknown>;
  if (typeof values.model === 'string') settings.model = values.model;
  for (const { key } of SETTING_ORDER) {
    if (values[key] !== undefined) target[key] = values[key];
  }
  return settings;
}

/**
 * A number written with vLLM's human-readable suffixes (`32k` = 32000, `32K` = 32768, `1.5m`), or a plain
 * integer; undefined when the text is neither.
 */
export function parseHumanInt(text: string): number | undefined {
  const match = /^(-?\d+(?:\.\d+)?)([kmgKMG]?)$/.exec(text.trim());
  if (!match) return undefined;
  const base = Number(match[1]);
  const suffix = match[2];
  const power = { '': 0, k: 1, m: 2, g: 3 }[suffix.toLowerCase()] ?? 0;
  const unit = suffix !== '' && suffix === suffix.toUpperCase() ? 1024 : 1000;
  const value = base * unit ** power;
  return Number.isInteger(value) ? value : Math.floor(value);
}

/** Converts a command-line value to its type; undefined when it does not parse. */
export function coerceValue(type: SettingType, raw: string): string | number | boolean | undefined {
  switch (type) {
    case 'int': {
      const n = Number(raw);
      return Number.isInteger(n) ? n : undefined;
    }
    case 'int_or_auto':
      return raw === 'auto' ? 'auto' : parseHumanInt(raw);
    case 'float': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
    }
    case 'bool':
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      return undefined;
    default:
      return raw;
  }
}
