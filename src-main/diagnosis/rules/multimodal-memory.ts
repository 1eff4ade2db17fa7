import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectFromSignals, detectionOf, DOCS, evidenceOf, firstGroup, num } from './helpers';
import { readOom } from './oom-phase';

const MULTIMODAL_CONTEXT = rulePattern(
  /multi_modal|multimodal|multi-modal|vision_tower|visual\.|image_processor|pixel_values|encoder_cache|mm_processor|limit_mm_per_prompt/i,
);
/** V1: one image/video item needs more encoder-cache tokens than were pre-allocated. */
const ENCODER_CACHE = rulePattern(
  /contains a\(n\) \w+ item with length (?<item_tokens>\d+), which exceeds the pre-allocated encoder cache size (?<cache_size>\d+)/gi,
);
const RESERVED = rulePattern(
  /\((?<total>\d+) tokens in total, out of which \{(?<per_modality>[^}]*)\} are reserved/,
);

export const multimodalMemory: Rule = {
  meta: {
    id: 'multimodal-memory',
    title: 'Multimodal inputs take the memory',
    titleZh: '多模态输入占用了显存',
    docs: [DOCS.multimodal, DOCS.conservingMemory],
    specificity: 2,
  },
  detect(ctx) {
    const detection = detectFromSignals(ctx, 'multimodal-memory', 0.85, (signals) => {
      const line = ctx.doc.lineAt(signals[0].offset).text;
      const reserved = RESERVED.exec(line);
      const perModality: Record<string, number> = {};
      for (const match of (reserved?.groups?.per_modality ?? '').matchAll(/'(\w+)':\s*(\d+)/g)) {
        perModality[match[1]] = Number(match[2]);
      }
      return defined({
        profiling_seq_len: num(firstGroup(signals, 'seq_len')),
        mm_tokens_reserved: num(reserved?.groups?.total),
        image_tokens: perModality.image,
        video_tokens: perModality.video,
        audio_tokens: perModality.audio,
        limit: num(firstGroup(signals, 'limit')),
        modality: firstGroup(signals, 'modality'),
      });
    });
    if (detection) return { ...detection, outranks: ['cuda-oom', 'cuda-oom-warmup', 'no-kv-cache-memory'] };
    const encoderCache = ctx.find('encoder-cache-too-small', ENCODER_CACHE);
    if (encoderCache.length) {
      return detectionOf(
        encoderCache,
        0.9,
        defined({
          item_tokens: num(firstGroup(encoderCache, 'item_tokens')),
          encoder_cache_size: num(firstGroup(encoderCache, 'cache_size')),
        }),
        ['prompt-too-long'],
      );
    }
    // An allocation larger than the whole GPU while a vision model is profiled: the worst case
    // of the multimodal limits, not the model, asked for it.
    const oom = readOom(ctx);
    if (!oom || oom.triedToAllocateMiB === undefined || oom.totalGiB === undefined) return null;
    if (oom.triedToAllocateMiB <= oom.totalGiB * 1024 || !ctx.has(MULTIMODAL_CONTEXT)) return null;
    return {
      confidence: 0.8,
      evidence: evidenceOf(oom.signals.slice(0, 1)),
      facts: { tried_to_allocate_mib: oom.triedToAllocateMiB, total_gpu_memory_gib: oom.totalGiB },
      outranks: ['cuda-oom', 'cuda-oom-warmup'],
    };
  },
  fix(_detection, ctx) {
    return [
      makeFix(
        ctx.facts,
        'Profile for fewer items per prompt: limit_mm_per_prompt {"image": 2, "video": 0} (or what your requests really send); the worst case of the limit is what vLLM reserves.',
        '按更少的多模态项目做内存分析：limit_mm_per_prompt {"image": 2, "video": 0}（或请求实际发送的数量）；vLLM 按该上限的最坏情况预留。',
        { limit_mm_per_prompt: { image: 2, video: 0 } },
      ),
      makeFix(
        ctx.facts,
        'Shrink image tokens with the processor (mm_processor_kwargs {"max_pixels": 1003520} for Qwen-VL models) and lower max_num_seqs.',
        '通过处理器减少图像 token（Qwen-VL 系列可用 mm_processor_kwargs {"max_pixels": 1003520}），并降低 max_num_seqs。',
        { mm_processor_kwargs: { max_pixels: 1003520 } },
      ),
    ];
  },
};
