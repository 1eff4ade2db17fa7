/**
 * The Xinference web UI's "Additional parameters passed to the inference engine" list: one key / value
 * pair per row, keys in vLLM's Python spelling. Values are typed the way the UI converts them
 * (research notes xinference.md §2: none → null, true/false → boolean, numbers → Number, else text).
 */
import type { VllmSettings } from '../types';
import { toVllmSettings } from './setting-keys';
import { xinferenceEngineOptions } from './xinference-launch';

export interface KeyValueOption {
  key: string;
  value: string;
}

/** Rows for the web UI. Tensor parallelism is the dialog's own "GPU Count per Replica" field, not a row. */
export function writeXinferenceWebUiOptions(settings: VllmSettings): KeyValueOption[] {
  return xinferenceEngineOptions(settings).map(([key, value]) => ({
    key,
    value: typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
  }));
}

/** The value the UI sends for a row's text (`transformValueType` of the v3 UI). */
export function webUiValue(text: string): unknown {
  const value = text.trim();
  if (value === '') return '';
  if (value.toLowerCase() === 'none') return null;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  if (!Number.isNaN(Number(value))) return Number(value);
  return value;
}

/** Reads rows back into settings (dashed keys normalised, as the UI's paste helper does). */
export function parseXinferenceWebUiOptions(rows: KeyValueOption[]): {
  values: Record<string, unknown>;
  settings: VllmSettings;
} {
  const values: Record<string, unknown> = {};
  for (const row of rows) values[row.key.trim().replace(/-/g, '_')] = webUiValue(row.value);
  const forSettings: Record<string, unknown> = { ...values };
  delete forSettings.quantization;
  if (values.model_quantization !== undefined) forSettings.quantization = values.model_quantization;
  return { values, settings: toVllmSettings(forSettings) };
}
