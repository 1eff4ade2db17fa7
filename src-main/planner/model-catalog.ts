/** The bundled offline model catalog (`resources/models/catalog.json`): look-up and search. */
import catalogJson from '../../resources/models/catalog.json';
import { specFromHfConfig, type HfConfig } from './model-config';
import type { ModelSpec } from './types';

interface RawEntry {
  id: string;
  hf_id: string;
  display_name: string;
  source: string;
  config: HfConfig;
  xinference?: { model_name: string; size_in_billions: string; model_format: string; quantization?: string };
  extra_params?: number;
  variants?: string[];
  note?: string;
}

export interface CatalogModel {
  spec: ModelSpec;
  /** Quantized or otherwise smaller siblings to suggest when this one does not fit. */
  variants: string[];
  note?: string;
}

function toCatalogModel(entry: RawEntry): CatalogModel {
  const x = entry.xinference;
  const spec = specFromHfConfig(entry.config, {
    id: entry.id,
    hfId: entry.hf_id,
    displayName: entry.display_name,
    source: entry.source,
    extraParams: entry.extra_params,
    xinference: x
      ? {
          modelName: x.model_name,
          sizeInBillions: x.size_in_billions,
          modelFormat: x.model_format,
          quantization: x.quantization,
        }
      : undefined,
  });
  return { spec, variants: entry.variants ?? [], note: entry.note };
}

// The JSON's inferred type is a wide union; its shape is checked by the catalog tests.
const ENTRIES: CatalogModel[] = (catalogJson.models as unknown as RawEntry[]).map(toCatalogModel);

function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Every catalog model, in catalog order. */
export function listModels(): ModelSpec[] {
  return ENTRIES.map((e) => e.spec);
}

export function catalogEntry(id: string): CatalogModel | undefined {
  return ENTRIES.find((e) => e.spec.id === id);
}

/**
 * Finds a model by catalog id, Hugging Face id (`Qwen/Qwen2.5-7B-Instruct`), the repo name alone,
 * or a local path whose last part is a repo name. Case-insensitive.
 */
export function findModel(idOrName: string): ModelSpec | undefined {
  const wanted = normalise(idOrName);
  const lastPart = normalise(idOrName.split(/[\\/]/).filter(Boolean).pop() ?? '');
  const exact =
    ENTRIES.find((e) => e.spec.id === wanted) ??
    ENTRIES.find((e) => normalise(e.spec.hfId ?? '') === wanted) ??
    ENTRIES.find((e) => normalise((e.spec.hfId ?? '').split('/').pop() ?? '') === lastPart);
  return exact?.spec;
}

/** Models whose id, repo or display name contains every word of the query, best matches first. */
export function searchModels(query: string): ModelSpec[] {
  const words = normalise(query).split('-').filter(Boolean);
  if (words.length === 0) return listModels();
  const scored = ENTRIES.map((entry) => {
    const haystack = normalise(`${entry.spec.id} ${entry.spec.hfId ?? ''} ${entry.spec.displayName ?? ''}`);
    const hits = words.filter((w) => haystack.includes(w)).length;
    const startsWith = entry.spec.id.startsWith(words[0]) ? 1 : 0;
    return { entry, hits, startsWith };
  }).filter((s) => s.hits === words.length);
  scored.sort((a, b) => b.startsWith - a.startsWith || a.entry.spec.id.length - b.entry.spec.id.length);
  return scored.map((s) => s.entry.spec);
}
