/**
 * The estimator against real vLLM start-ups (test/fixtures/corpus/capacity): the KV cache GiB and tokens
 * vLLM printed, or, where it printed only the other terms, the KV pool those terms leave
 * (total × utilization − weights − activation − non-torch, vLLM's own arithmetic).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from './model-catalog';
import { planLaunch } from './plan';
import type { PlanRequest } from './types';

interface CapacityCase {
  vllm_version?: string;
  engine: 'V0' | 'V1';
  model: string;
  config_ref: string;
  gpu: string;
  gpu_total_gib?: number;
  gpu_count: number;
  tp: number;
  pp: number;
  gpu_memory_utilization: number;
  max_model_len?: number;
  dtype?: string;
  quantization?: string;
  kv_cache_dtype?: string;
  enforce_eager?: boolean;
  reported: {
    weights_gib?: number;
    activation_peak_gib?: number;
    non_torch_gib?: number;
    kv_cache_gib?: number;
    kv_cache_tokens?: number;
    gpu_blocks?: number;
    block_size?: number;
    startup_failed?: boolean;
  };
}

const FIXTURES = path.join(__dirname, '../../test/fixtures/corpus/capacity');
const CASES: CapacityCase[] = readFileSync(path.join(FIXTURES, 'cases.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as CapacityCase);
const MODELS = JSON.parse(readFileSync(path.join(FIXTURES, 'models.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

/** The quantization the user asked vLLM for (in-flight ones); checkpoint quantization comes from the catalog. */
function requestedQuantization(text: string | undefined): string | undefined {
  if (!text || text === 'none' || text.includes('checkpoint')) return undefined;
  return text.split(/[\s(]/)[0];
}

function requestFor(c: CapacityCase): PlanRequest {
  const model = findModel(c.config_ref);
  if (!model) throw new Error(`no catalog entry for ${c.config_ref}`);
  return {
    model,
    gpu: { gpuId: c.gpu, memoryGiB: c.gpu_total_gib, name: c.gpu, count: c.gpu_count },
    tp: c.tp,
    pp: c.pp,
    gpuMemoryUtilization: c.gpu_memory_utilization,
    maxModelLen: c.max_model_len,
    dtype: c.dtype && !c.dtype.startsWith('auto') ? c.dtype : undefined,
    quantization: requestedQuantization(c.quantization),
    kvCacheDtype: c.kv_cache_dtype,
    enforceEager: c.enforce_eager,
    blockSize: c.reported.block_size,
    vllmVersion: c.vllm_version,
    engine: c.engine,
    recommend: false,
  };
}

/** What vLLM said the KV pool was: printed, or implied by the terms it printed. */
function printedKvGiB(c: CapacityCase): number | undefined {
  const r = c.reported;
  if (r.kv_cache_gib !== undefined) return r.kv_cache_gib;
  if (
    c.gpu_total_gib &&
    r.weights_gib !== undefined &&
    r.activation_peak_gib !== undefined &&
    r.non_torch_gib !== undefined
  ) {
    return (
      c.gpu_total_gib * c.gpu_memory_utilization - r.weights_gib - r.activation_peak_gib - r.non_torch_gib
    );
  }
  return undefined;
}

function printedTokens(c: CapacityCase): number | undefined {
  const r = c.reported;
  if (r.kv_cache_tokens !== undefined) return r.kv_cache_tokens;
  if (r.gpu_blocks !== undefined) return r.gpu_blocks * (r.block_size ?? 16);
  return undefined;
}

const relative = (predicted: number, printed: number): number => (predicted - printed) / printed;

describe('capacity corpus', () => {
  const rows = CASES.map((c) => {
    const plan = planLaunch(requestFor(c));
    const kvPrinted = printedKvGiB(c);
    const tokensPrinted = printedTokens(c);
    const kvError = kvPrinted === undefined ? undefined : relative(plan.memory.kvCacheGiB, kvPrinted);
    const tokenError = tokensPrinted === undefined ? undefined : relative(plan.kvCacheTokens, tokensPrinted);
    const within = [kvError, tokenError].every((e) => e === undefined || Math.abs(e) <= 0.1);
    return { c, plan, kvPrinted, tokensPrinted, kvError, tokenError, within };
  });

  it('prints the error per case', () => {
    const pct = (e: number | undefined): string => (e === undefined ? '—' : `${(e * 100).toFixed(1)}%`);
    const table = rows.map((r, i) => ({
      case: i + 1,
      model: r.c.config_ref.split('/').pop(),
      vllm: r.plan.vllmVersion + (r.c.vllm_version ? '' : '?'),
      gpu: `${r.c.gpu_count}x ${r.c.gpu.slice(0, 18)} tp${r.c.tp} pp${r.c.pp}`,
      kvPred: r.plan.memory.kvCacheGiB.toFixed(2),
      kvVllm: r.kvPrinted?.toFixed(2) ?? '—',
      kvErr: pct(r.kvError),
      tokPred: r.plan.kvCacheTokens,
      tokVllm: r.tokensPrinted ?? '—',
      tokErr: pct(r.tokenError),
      fits: r.plan.fits,
      ok: r.within ? 'yes' : 'NO',
    }));
    console.table(table);
    const scored = rows.filter((r) => r.kvError !== undefined || r.tokenError !== undefined);
    const good = scored.filter((r) => r.within).length;
    console.log(`capacity: ${good} of ${scored.length} cases within 10% (KV GiB and tokens)`);
    expect(scored.length).toBe(CASES.length);
  });

  it('predicts KV GiB and tokens within 10% for at least 80% of the cases', () => {
    const scored = rows.filter((r) => r.kvError !== undefined || r.tokenError !== undefined);
    const good = scored.filter((r) => r.within).length;
    expect(good / scored.length).toBeGreaterThanOrEqual(0.8);
  });

  it('calls every start-up that failed a misfit, and every one that started a fit', () => {
    for (const r of rows) {
      expect(r.plan.fits, `${r.c.config_ref} on ${r.c.gpu} at ${r.c.max_model_len}`).toBe(
        !r.c.reported.startup_failed,
      );
    }
    expect(rows.some((r) => r.c.reported.startup_failed)).toBe(true);
  });

  it('uses catalog entries whose sizes agree with the corpus model facts', () => {
    for (const c of CASES) {
      const facts = MODELS[c.config_ref];
      const spec = findModel(c.config_ref);
      expect(spec, c.config_ref).toBeDefined();
      if (!facts || !spec) continue;
      const pairs: Array<[string, number]> = [
        ['num_hidden_layers', spec.numLayers],
        ['num_attention_heads', spec.numAttentionHeads],
        ['hidden_size', spec.hiddenSize],
        ['vocab_size', spec.vocabSize],
      ];
      if (!spec.mla) pairs.push(['num_key_value_heads', spec.numKeyValueHeads], ['head_dim', spec.headDim]);
      for (const [key, value] of pairs) {
        if (typeof facts[key] === 'number') expect(value, `${c.config_ref} ${key}`).toBe(facts[key]);
      }
    }
  });
});
