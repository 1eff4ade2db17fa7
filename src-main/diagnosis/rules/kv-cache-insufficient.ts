import { rulePattern } from '../patterns';
import { compareVersions } from '../facts';
import { makeFix } from '../fix-commands';
import { planFromLog } from '../planner-bridge';
import type { Detection, Rule, RuleContext, Signal } from '../rule-api';
import type { Fix } from '../types';
import {
  defined,
  detectionOf,
  DOCS,
  firstGroup,
  measurementNumber,
  num,
  round,
  settingNumber,
} from './helpers';

/** SGLang: the request fits the context length, but not the token pool that memory allows. */
const SGLANG_MAX_ALLOWED = rulePattern(
  /Input length \((?<prompt_tokens>\d+) tokens\) exceeds the maximum allowed length \((?<max_allowed_tokens>\d+) tokens\)/gi,
);

/**
 * vLLM 0.7–0.9.0 print the KV memory needed and available but not the length that fits; KV
 * memory grows linearly with the length, so the length that fits scales by available / needed.
 */
function scaledFit(maxModelLen: unknown, needed: unknown, available: unknown): number | undefined {
  if (typeof maxModelLen !== 'number' || typeof needed !== 'number' || typeof available !== 'number')
    return undefined;
  if (needed <= 0 || available <= 0) return undefined;
  return Math.floor((maxModelLen * available) / needed / 16) * 16;
}

/** The V0 message cut off before its second number (the paste stops inside it). */
const CUT_V0_MESSAGE = rulePattern(
  /max seq len \((?<max_model_len>\d+)\) is larger than the maximum number of tokens that can be stored in KV cache(?: \((?<kv_cache_tokens>\d+)\))?/gi,
);
/** V0 raises the KV-cache check inside initialize_cache. */
const INITIALIZE_CACHE_FAILED = rulePattern(
  /Error executing method initialize_cache|in initialize_cache\b/gi,
);
const V0_BLOCK_SIZE = 16;
/** V1's estimate, also when the paste stops right after the number. */
const ESTIMATE = rulePattern(/the estimated maximum model length is (?<estimate>\d+)/gi);

function fromCutMessage(ctx: RuleContext): Detection | null {
  const cut = ctx.find('cut-v0-message', CUT_V0_MESSAGE);
  return detectionOf(
    cut,
    0.9,
    defined({
      max_model_len: num(firstGroup(cut, 'max_model_len')),
      kv_cache_tokens: num(firstGroup(cut, 'kv_cache_tokens')),
    }),
    ['cuda-oom'],
  );
}

/**
 * V0 printed its block count, then initialize_cache failed: the KV cache holds blocks × 16 tokens,
 * which is the longest max_model_len that fits.
 */
function fromBlockCount(ctx: RuleContext): Detection | null {
  const blocks = measurementNumber(ctx.facts, 'gpu_blocks');
  if (blocks === undefined || blocks <= 0) return null;
  const failed = ctx.find('initialize-cache-failed', INITIALIZE_CACHE_FAILED);
  if (!failed.length) return null;
  const tokens = blocks * (settingNumber(ctx.facts, 'block_size') ?? V0_BLOCK_SIZE);
  const maxModelLen = settingNumber(ctx.facts, 'max_model_len');
  if (maxModelLen !== undefined && tokens >= maxModelLen) return null;
  return detectionOf(
    failed,
    0.6,
    defined({ gpu_blocks: blocks, kv_cache_tokens: tokens, max_model_len: maxModelLen }),
  );
}

export const kvCacheInsufficient: Rule = {
  meta: {
    id: 'kv-cache-insufficient',
    title: 'KV cache too small for max_model_len',
    titleZh: 'KV 缓存容纳不下 max_model_len',
    docs: [DOCS.conservingMemory, DOCS.engineArgs],
    specificity: 2,
  },
  detect(ctx) {
    const signals: Signal[] = ctx.signalsFor('kv-cache-insufficient');
    const contextLength = settingNumber(ctx.facts, 'context_length');
    const sglang = ctx.find('sglang-max-allowed-length', SGLANG_MAX_ALLOWED).filter((signal) => {
      const allowed = num(signal.groups.max_allowed_tokens);
      // The pool limits requests below the served context length: memory, not the prompt.
      return allowed !== undefined && contextLength !== undefined && allowed < contextLength;
    });
    signals.push(...sglang);
    if (!signals.length) return fromCutMessage(ctx) ?? fromBlockCount(ctx);
    const v0Tokens = num(firstGroup(signals, 'kv_cache_tokens'));
    const facts = defined({
      max_model_len: num(firstGroup(signals, 'max_model_len')) ?? settingNumber(ctx.facts, 'max_model_len'),
      kv_cache_tokens: v0Tokens ?? measurementNumber(ctx.facts, 'kv_cache_tokens'),
      kv_cache_needed_gib: num(firstGroup(signals, 'needed_gib')),
      kv_cache_available_gib: num(firstGroup(signals, 'available_gib')),
      estimated_max_model_len:
        num(firstGroup(signals, 'estimated_max_len', 'estimated_max_model_len')) ??
        num(firstGroup(ctx.find('estimated-max-len', ESTIMATE), 'estimate')),
      gpu_memory_utilization: settingNumber(ctx.facts, 'gpu_memory_utilization'),
      gpu_blocks: measurementNumber(ctx.facts, 'gpu_blocks'),
      kv_cache_size_gib: measurementNumber(ctx.facts, 'kv_cache_gib'),
      total_gpu_memory_gib: measurementNumber(ctx.facts, 'total_gpu_memory_gib'),
      tensor_parallel_size: settingNumber(ctx.facts, 'tensor_parallel_size'),
      prompt_tokens: num(firstGroup(sglang, 'prompt_tokens')),
      max_allowed_tokens: num(firstGroup(sglang, 'max_allowed_tokens')),
      context_length: contextLength,
    });
    return detectionOf(signals, 0.95, facts, ['prompt-too-long', 'cuda-oom']);
  },
  fix(detection, ctx) {
    const facts = ctx.facts;
    const f = detection.facts;
    const fixes: Fix[] = [];
    if (typeof f.max_allowed_tokens === 'number') {
      const fraction = settingNumber(facts, 'mem_fraction_static');
      fixes.push(
        makeFix(
          facts,
          `SGLang's KV pool holds only ${f.max_allowed_tokens} tokens: raise --mem-fraction-static${
            fraction ? ` above ${fraction}` : ''
          }, serve a shorter --context-length, or add GPUs.`,
          `SGLang 的 KV 池只能容纳 ${f.max_allowed_tokens} 个 token：调高 --mem-fraction-static、缩短 --context-length，或增加 GPU。`,
          { context_length: f.max_allowed_tokens },
          { commands: false },
        ),
      );
      return fixes;
    }
    // The largest max_model_len that fits: V1 prints it; V0's KV token count is that number.
    const fits =
      (typeof f.estimated_max_model_len === 'number' && f.estimated_max_model_len > 0
        ? f.estimated_max_model_len
        : undefined) ??
      (typeof f.kv_cache_tokens === 'number' ? f.kv_cache_tokens : undefined) ??
      scaledFit(f.max_model_len, f.kv_cache_needed_gib, f.kv_cache_available_gib) ??
      planFromLog(facts)?.maxModelLenThatFits;
    if (fits !== undefined) {
      const rounded = fits >= 1024 ? Math.floor(fits / 16) * 16 : fits;
      fixes.push(
        makeFix(
          facts,
          `Lower max_model_len to ${rounded}, the longest context the KV cache can hold with these settings.`,
          `把 max_model_len 降到 ${rounded}：这是当前设置下 KV 缓存能容纳的最长上下文。`,
          { max_model_len: rounded },
        ),
      );
    } else {
      fixes.push(
        makeFix(
          facts,
          'Lower max_model_len until the KV cache can hold one full-length request.',
          '降低 max_model_len，直到 KV 缓存能容纳一个满长度请求。',
          {},
        ),
      );
    }
    const utilization = settingNumber(facts, 'gpu_memory_utilization') ?? 0.9;
    const needed = typeof f.kv_cache_needed_gib === 'number' ? f.kv_cache_needed_gib : undefined;
    const available = typeof f.kv_cache_available_gib === 'number' ? f.kv_cache_available_gib : undefined;
    const total = typeof f.total_gpu_memory_gib === 'number' ? f.total_gpu_memory_gib : undefined;
    let raised = Math.min(0.95, round(utilization + 0.05, 2));
    if (needed !== undefined && available !== undefined && total) {
      raised = round(utilization + (needed - available) / total + 0.01, 2);
    }
    if (raised <= 0.95 && raised > utilization && !ctx.facts.cpuBackend) {
      fixes.push(
        makeFix(
          facts,
          `Raise gpu_memory_utilization from ${utilization} to ${raised} so vLLM reserves more of the GPU for the KV cache (only if nothing else needs that memory).`,
          `把 gpu_memory_utilization 从 ${utilization} 提高到 ${raised}，让 vLLM 为 KV 缓存预留更多显存（前提是没有其他进程需要这部分显存）。`,
          { gpu_memory_utilization: raised },
        ),
      );
    }
    const kvDtype = facts.settings.kv_cache_dtype;
    if (typeof kvDtype !== 'string' || !kvDtype.startsWith('fp8')) {
      fixes.push(
        makeFix(
          facts,
          'Store the KV cache in fp8 (kv_cache_dtype=fp8): about twice as many tokens fit, at a small accuracy cost.',
          '使用 fp8 存储 KV 缓存（kv_cache_dtype=fp8）：可容纳约两倍的 token，精度略有损失。',
          { kv_cache_dtype: 'fp8' },
        ),
      );
    }
    const tp = settingNumber(facts, 'tensor_parallel_size') ?? 1;
    fixes.push(
      makeFix(
        facts,
        `Spread the model over ${tp * 2} GPUs (tensor_parallel_size=${tp * 2}) or use quantized weights: both leave more memory for the KV cache.`,
        `把模型分布到 ${tp * 2} 张 GPU（tensor_parallel_size=${tp * 2}）或使用量化权重：都能为 KV 缓存腾出更多显存。`,
        { tensor_parallel_size: tp * 2 },
      ),
    );
    const version = facts.vllmVersion;
    if (version && compareVersions(version, '0.14.0') >= 0) {
      fixes.push(
        makeFix(
          facts,
          `vLLM ${version} can fit the length itself: --max-model-len auto picks the largest that fits.`,
          `vLLM ${version} 支持 --max-model-len auto，自动选出能放下的最大长度。`,
          { max_model_len: 'auto' },
        ),
      );
    }
    return fixes;
  },
};
