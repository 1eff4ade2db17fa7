import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule, Signal } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, num } from './helpers';

/**
 * On the CPU backend the KV cache is VLLM_CPU_KVCACHE_SPACE GiB, a whole number (4 by default
 * in older versions). A GPU budget is never exactly whole, so an "available KV cache memory" of
 * exactly N.00 GiB with N ≤ 64 points at the CPU backend even when the log does not say so.
 */
function looksLikeCpuSpace(availableGiB: number | undefined): boolean {
  return (
    availableGiB !== undefined && Number.isInteger(availableGiB) && availableGiB > 0 && availableGiB <= 64
  );
}

/** Start-up notes about the CPU KV space: evidence of the CPU backend, not a failure. */
const CPU_SPACE_NOTES = new Set(['cpu-kvcache-space-default-4', 'cpu-kvcache-space-auto']);
/** Signs that the log ran on a GPU, which rule out the whole-GiB guess. */
const GPU_SIGNS = rulePattern(
  /device_config=(?:cuda|rocm)|detected platform (?:cuda|rocm)|on device cuda|cuda:\d|CUDA out of memory|GPU \d+ has a total|total_gpu_memory|NVIDIA|GPU blocks|rocm|\bhip\b|gfx\d{3}|\bAMD\b/i,
);

export const cpuBackendMemory: Rule = {
  meta: {
    id: 'cpu-backend-memory',
    title: "The CPU backend's KV cache space does not fit",
    titleZh: 'CPU 后端的 KV 缓存空间不合适',
    docs: [DOCS.cpu],
    specificity: 1,
  },
  detect(ctx) {
    const own = ctx.signalsFor('cpu-backend-memory');
    // The "not set, using N GiB" lines are routine start-up notes; the others are failures.
    const failures = own.filter((signal) => !CPU_SPACE_NOTES.has(signal.messageId));
    const kvSignals: Signal[] = [
      ...ctx.signalsFor('kv-cache-insufficient'),
      ...ctx.signalsFor('no-kv-cache-memory'),
    ];
    const available = num(firstGroup(kvSignals, 'available_gib'));
    const onCpu = ctx.facts.cpuBackend === true || own.length > 0;
    const signals: Signal[] = [...own];
    let confidence = 0.4;
    if (failures.length) confidence = 0.92;
    if (kvSignals.length && onCpu) {
      signals.push(...kvSignals);
      confidence = Math.max(confidence, 0.9);
    } else if (kvSignals.length && looksLikeCpuSpace(available) && !ctx.has(GPU_SIGNS)) {
      signals.push(...kvSignals);
      confidence = Math.max(confidence, 0.6);
    }
    if (!signals.length) return null;
    return detectionOf(
      signals,
      confidence,
      defined({
        kv_cache_space_gib: num(firstGroup(own, 'kv_cache_space_gib')) ?? available,
        max_model_len: num(firstGroup([...own, ...kvSignals], 'max_model_len')),
        kv_cache_tokens: num(firstGroup(own, 'kv_cache_tokens')),
        kv_cache_needed_gib: num(firstGroup(kvSignals, 'needed_gib')),
        estimated_max_model_len: num(firstGroup(kvSignals, 'estimated_max_len')),
      }),
      confidence >= 0.6 ? ['kv-cache-insufficient', 'no-kv-cache-memory'] : undefined,
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const needed = typeof f.kv_cache_needed_gib === 'number' ? Math.ceil(f.kv_cache_needed_gib) + 1 : 16;
    return [
      makeFix(
        ctx.facts,
        `On the CPU backend, give the KV cache ${needed} GiB of RAM: VLLM_CPU_KVCACHE_SPACE=${needed} (gpu_memory_utilization does not size it there).`,
        `在 CPU 后端上，为 KV 缓存分配 ${needed} GiB 内存：VLLM_CPU_KVCACHE_SPACE=${needed}（此时 gpu_memory_utilization 不起作用）。`,
        {},
        { env: { VLLM_CPU_KVCACHE_SPACE: String(needed) } },
      ),
      ...(typeof f.estimated_max_model_len === 'number'
        ? [
            makeFix(
              ctx.facts,
              `Or keep the space and lower max_model_len to ${f.estimated_max_model_len}.`,
              `或保持空间不变，把 max_model_len 降到 ${f.estimated_max_model_len}。`,
              { max_model_len: f.estimated_max_model_len },
            ),
          ]
        : []),
    ];
  },
};
