/** Reads a local model folder (or its config.json) into a ModelSpec: config, quantization, exact weight bytes. */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { findModel } from './model-catalog';
import { specFromHfConfig, type HfConfig } from './model-config';
import type { ModelSpec } from './types';

async function readJson(file: string): Promise<HfConfig | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as HfConfig)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `metadata.total_size` of the safetensors index, else the summed size of the folder's .safetensors files. */
async function weightBytes(folder: string): Promise<number | undefined> {
  const index = await readJson(path.join(folder, 'model.safetensors.index.json'));
  const metadata = index?.metadata;
  if (typeof metadata === 'object' && metadata !== null) {
    const total = (metadata as Record<string, unknown>).total_size;
    if (typeof total === 'number' && total > 0) return total;
    if (typeof total === 'string' && /^\d+$/.test(total)) return Number(total);
  }
  try {
    const files = (await readdir(folder)).filter((f) => f.endsWith('.safetensors'));
    if (files.length === 0) return undefined;
    const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(folder, f))).size));
    return sizes.reduce((a, b) => a + b, 0);
  } catch {
    return undefined;
  }
}

/**
 * Loads `folder/config.json` (or the given config file), merging `quantize_config.json` / `quant_config.json`
 * of older GPTQ/AWQ exports when config.json has no `quantization_config`.
 */
export async function loadModelFromPath(folderOrConfigJson: string): Promise<ModelSpec> {
  const isFile = folderOrConfigJson.endsWith('.json');
  const folder = isFile ? path.dirname(folderOrConfigJson) : folderOrConfigJson;
  const configFile = isFile ? folderOrConfigJson : path.join(folder, 'config.json');
  const config = await readJson(configFile);
  if (!config) throw new Error(`cannot read a model config at ${configFile}`);
  if (config.quantization_config === undefined) {
    const legacy =
      (await readJson(path.join(folder, 'quantize_config.json'))) ??
      (await readJson(path.join(folder, 'quant_config.json')));
    if (legacy) config.quantization_config = { quant_method: legacy.quant_method ?? 'gptq', ...legacy };
  }
  const name = path.basename(path.resolve(folder));
  const known = findModel(name);
  return specFromHfConfig(config, {
    id: name.toLowerCase(),
    hfId: known?.hfId,
    displayName: name,
    source: `local folder ${folder}`,
    extraParams: known?.extraParams,
    weightBytesOnDisk: await weightBytes(folder),
    xinference: known?.xinference,
  });
}
