/**
 * Recommendations: for the wanted context and concurrency, settings that fit with one sentence of why
 * each; when nothing fits as asked, alternatives that would (more GPUs, a quantized variant, fp8 KV cache,
 * a shorter context, CPU offload).
 */
import { catalogEntry, findModel } from './model-catalog';
import { estimate, type Estimate } from './estimate';
import { fitProblems } from './fit-checks';
import type { ResolvedRequest } from './resolve-request';
import type { Alternative, Recommendation, VllmSettings } from './types';
import { supportsMaxModelLenAuto } from './vllm-version';

export interface Advice {
  settings: VllmSettings;
  recommendations: Recommendation[];
  alternatives: Alternative[];
}

const TP_SIZES = [1, 2, 4, 8];

function fitsAt(r: ResolvedRequest, e: Estimate, length: number, concurrency: number): boolean {
  if (fitProblems({ ...r, maxModelLen: length, wantedConcurrency: undefined }, e).errors.length > 0)
    return false;
  return e.maxModelLenThatFits >= length && (concurrency <= 1 || e.maxConcurrency >= concurrency);
}

function tryVariant(
  r: ResolvedRequest,
  change: Partial<ResolvedRequest>,
  length: number,
): { r: ResolvedRequest; e: Estimate } {
  const next = { ...r, ...change, maxModelLen: length };
  return { r: next, e: estimate(next) };
}

/** The largest length ≤ `max` that fits, rounded down to a multiple of 1024 when above 4096. */
function roundLength(length: number): number {
  return length > 4096 ? Math.floor(length / 1024) * 1024 : length;
}

export function recommend(r: ResolvedRequest, e: Estimate, base: VllmSettings): Advice {
  const settings: VllmSettings = { ...base };
  const recommendations: Recommendation[] = [];
  const alternatives: Alternative[] = [];
  const wantedLength = Math.min(r.maxModelLen, r.model.maxModelLen);
  const wantedConcurrency = r.wantedConcurrency ?? 1;
  const add = (
    setting: keyof VllmSettings,
    value: VllmSettings[keyof VllmSettings],
    reason: string,
  ): void => {
    (settings as Record<string, unknown>)[setting] = value;
    recommendations.push({ setting, value, reason });
  };

  if (fitsAt(r, e, wantedLength, wantedConcurrency)) {
    add(
      'max_model_len',
      wantedLength,
      `${wantedLength} tokens fit: the KV cache holds ${e.kvCacheTokens} tokens, ${e.maxConcurrency.toFixed(2)} full-length requests at once.`,
    );
    if (r.wantedConcurrency !== undefined && r.wantedConcurrency < r.maxNumSeqs) {
      const seqs = Math.max(r.wantedConcurrency, 1);
      add(
        'max_num_seqs',
        seqs,
        `Capping batches at the ${seqs} requests you expect shrinks vLLM's profiling peak, leaving more memory for the KV cache.`,
      );
    }
    return { settings, recommendations, alternatives };
  }

  // 1. The same GPUs: fp8 KV cache, fewer sequences, higher utilization.
  const fp8Capable = r.gpu.spec ? r.gpu.spec.fp8 || Number(r.gpu.spec.computeCapability) >= 8 : true;
  const sameGpuChanges: Array<{ change: Partial<ResolvedRequest>; label: string; apply: () => void }> = [];
  if (r.kvCacheDtype === 'auto' && fp8Capable) {
    sameGpuChanges.push({
      change: { kvCacheDtype: 'fp8' },
      label: 'fp8 KV cache',
      apply: () =>
        add(
          'kv_cache_dtype',
          'fp8',
          'An fp8 KV cache halves the bytes per token, doubling the tokens that fit, at a small accuracy cost.',
        ),
    });
  }
  if (r.gpuMemoryUtilization < 0.95) {
    sameGpuChanges.push({
      change: { gpuMemoryUtilization: 0.95 },
      label: 'gpu_memory_utilization 0.95',
      apply: () =>
        add(
          'gpu_memory_utilization',
          0.95,
          'Letting vLLM use 95% of each GPU adds memory for the KV cache; only safe when nothing else runs on the GPU.',
        ),
    });
  }
  let current = r;
  for (const step of sameGpuChanges) {
    const trial = tryVariant(current, step.change, wantedLength);
    if (
      trial.e.maxModelLenThatFits > estimate(current).maxModelLenThatFits ||
      trial.e.memory.kvCacheGiB > 0
    ) {
      current = trial.r;
      step.apply();
      if (fitsAt(trial.r, trial.e, wantedLength, wantedConcurrency)) {
        add(
          'max_model_len',
          wantedLength,
          `With these changes ${wantedLength} tokens fit (${trial.e.kvCacheTokens} tokens of KV cache).`,
        );
        return { settings, recommendations, alternatives };
      }
    }
  }

  // 2. More GPUs (tensor parallel), when the machine has them.
  for (const tp of TP_SIZES) {
    if (tp <= r.tp || r.model.numAttentionHeads % tp !== 0) continue;
    const trial = tryVariant(
      r,
      { tp, gpu: { ...r.gpu, count: Math.max(r.gpu.count, tp * r.pp) } },
      wantedLength,
    );
    if (!fitsAt(trial.r, trial.e, wantedLength, wantedConcurrency)) continue;
    const onMachine = tp * r.pp <= r.gpu.count;
    const alt: Alternative = {
      change: `tensor_parallel_size ${tp}`,
      settings: { ...base, tensor_parallel_size: tp, max_model_len: wantedLength },
      gpuCount: tp * r.pp,
      kvCacheTokens: trial.e.kvCacheTokens,
      maxModelLenThatFits: trial.e.maxModelLenThatFits,
      reason: `Splitting the model over ${tp} GPUs leaves ${trial.e.memory.kvCacheGiB.toFixed(1)} GiB of KV cache per GPU.`,
    };
    if (onMachine && recommendations.length === 0) {
      add(
        'tensor_parallel_size',
        tp,
        `${tp} GPUs share the weights and KV heads, so ${wantedLength} tokens fit.`,
      );
      add(
        'max_model_len',
        wantedLength,
        `${trial.e.kvCacheTokens} tokens of KV cache per GPU at tensor_parallel_size ${tp}.`,
      );
      return { settings, recommendations, alternatives };
    }
    alternatives.push(alt);
    break;
  }

  // 3. A quantized variant from the catalog, or online fp8 weights.
  const variants = catalogEntry(r.model.id)?.variants ?? [];
  for (const id of variants) {
    const model = findModel(id);
    if (!model) continue;
    const probe = tryVariant(r, { model }, Math.min(wantedLength, model.maxModelLen));
    if (probe.e.maxModelLenThatFits <= 0 || probe.e.memory.weightsGiB >= probe.e.memory.budgetGiB) continue;
    const length = Math.min(wantedLength, model.maxModelLen, roundLength(probe.e.maxModelLenThatFits));
    alternatives.push({
      change: `quantized model ${model.hfId ?? model.id}`,
      modelId: model.id,
      settings: { ...base, model: model.hfId ?? model.id, max_model_len: length },
      gpuCount: r.tp * r.pp,
      kvCacheTokens: probe.e.kvCacheTokens,
      maxModelLenThatFits: probe.e.maxModelLenThatFits,
      reason: `${model.quantization?.method ?? 'quantized'} weights take ${probe.e.memory.weightsGiB.toFixed(1)} GiB per GPU instead of ${e.memory.weightsGiB.toFixed(1)}, leaving room for ${probe.e.maxModelLenThatFits} tokens of context.`,
    });
    break;
  }
  if (!r.model.quantization && !r.quantization && r.gpu.spec?.fp8 !== false) {
    const trial = tryVariant(r, { quantization: 'fp8' }, wantedLength);
    if (trial.e.maxModelLenThatFits > 0 && trial.e.memory.weightsGiB < trial.e.memory.budgetGiB) {
      alternatives.push({
        change: 'quantization fp8 (online)',
        settings: {
          ...base,
          quantization: 'fp8',
          max_model_len: Math.min(wantedLength, roundLength(trial.e.maxModelLenThatFits)),
        },
        gpuCount: r.tp * r.pp,
        kvCacheTokens: trial.e.kvCacheTokens,
        maxModelLenThatFits: trial.e.maxModelLenThatFits,
        reason:
          'vLLM can quantize the weights to fp8 while loading, halving their memory (native on Ada/Hopper and newer).',
      });
    }
  }

  // 4. A shorter context on the same GPUs (with the same-GPU changes kept).
  const best = estimate(current);
  if (best.maxModelLenThatFits > 0) {
    const length = roundLength(best.maxModelLenThatFits);
    add(
      'max_model_len',
      length,
      `Only ${best.maxModelLenThatFits} tokens fit on these GPUs; ${length} is the longest round context that starts.`,
    );
    if (supportsMaxModelLenAuto(r.version)) {
      recommendations.push({
        setting: 'max_model_len',
        value: 'auto',
        reason: `vLLM ${r.version} can pick the longest context that fits itself with --max-model-len auto.`,
      });
    }
    alternatives.push({
      change: `shorter context (${length} tokens)`,
      settings: { ...settings },
      gpuCount: r.tp * r.pp,
      kvCacheTokens: best.kvCacheTokens,
      maxModelLenThatFits: best.maxModelLenThatFits,
      reason: `Keeps the model and GPUs; requests longer than ${length} tokens are refused.`,
    });
  } else if (best.memory.weightsGiB >= best.memory.budgetGiB * 0.98) {
    // 5. CPU offload as a last resort on a single GPU.
    const needGiB = Math.ceil(
      best.memory.weightsGiB -
        (best.memory.budgetGiB - best.memory.activationGiB - best.memory.nonTorchGiB - 2),
    );
    const trial = tryVariant(current, { cpuOffloadGb: needGiB }, Math.min(wantedLength, 4096));
    if (trial.e.maxModelLenThatFits > 0) {
      alternatives.push({
        change: `cpu_offload_gb ${needGiB}`,
        settings: {
          ...settings,
          cpu_offload_gb: needGiB,
          max_model_len: roundLength(Math.min(wantedLength, trial.e.maxModelLenThatFits)),
        },
        gpuCount: r.tp * r.pp,
        kvCacheTokens: trial.e.kvCacheTokens,
        maxModelLenThatFits: trial.e.maxModelLenThatFits,
        reason: `Keeping ${needGiB} GiB of weights in CPU memory makes room on the GPU, but every step streams them over PCIe (slow).`,
      });
    }
  }
  if (r.wantedConcurrency !== undefined && r.wantedConcurrency < r.maxNumSeqs) {
    add(
      'max_num_seqs',
      r.wantedConcurrency,
      `Capping batches at the ${r.wantedConcurrency} requests you expect shrinks vLLM's profiling peak.`,
    );
  }
  return { settings, recommendations, alternatives };
}
