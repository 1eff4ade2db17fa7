import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kvBytesPerToken, kvCacheTokens, kvLayout, maxLengthThatFits, requestBytes } from './kv-cache';
import { findModel } from './model-catalog';
import type { ModelSpec } from './types';

function model(id: string): ModelSpec {
  const spec = findModel(id);
  if (!spec) throw new Error(id);
  return spec;
}

describe('KV bytes per token', () => {
  it('multi-head and GQA: layers × 2 × KV heads × head size × bytes', () => {
    expect(kvBytesPerToken(model('llama-3.1-8b-instruct'))).toBe(131072);
    expect(kvBytesPerToken(model('qwen2.5-7b-instruct'))).toBe(57344);
    expect(kvBytesPerToken(model('llama-2-7b-hf'))).toBe(524288);
    expect(kvBytesPerToken(model('llama-3.1-8b-instruct'), { kvCacheDtype: 'fp8' })).toBe(65536);
  });

  it('tensor parallel divides KV heads, and replicates them once TP exceeds the KV heads', () => {
    const qwen = model('qwen2.5-7b-instruct'); // 4 KV heads
    expect(kvBytesPerToken(qwen, { tp: 2 })).toBe(57344 / 2);
    expect(kvBytesPerToken(qwen, { tp: 4 })).toBe(57344 / 4);
    expect(kvBytesPerToken(qwen, { tp: 8 })).toBe(57344 / 4);
  });

  it('MLA keeps one latent of kv_lora_rank + rope dims per layer, the same on every TP rank', () => {
    const lite = model('deepseek-coder-v2-lite-instruct');
    expect(kvBytesPerToken(lite)).toBe(27 * 576 * 2);
    expect(kvBytesPerToken(lite, { tp: 8 })).toBe(27 * 576 * 2);
    expect(kvBytesPerToken(model('deepseek-v3'), { kvCacheDtype: 'fp8', tp: 8 })).toBe(61 * 576);
  });

  it('hybrid sliding-window models get full-length pages for every layer in the shared pool (V1)', () => {
    expect(kvBytesPerToken(model('gpt-oss-20b'))).toBe(24 * 2 * 8 * 64 * 2);
    // Gemma 3 27B: 52 sliding + 10 full layers → groups of 10: 1 full + 6 sliding (padded to 70 layers).
    expect(kvBytesPerToken(model('gemma-3-27b-it'))).toBe(70 * 2 * 16 * 128 * 2);
    // V0 has no hybrid allocator: every layer stores every token.
    expect(kvBytesPerToken(model('gemma-3-27b-it'), { engine: 'V0' })).toBe(62 * 2 * 16 * 128 * 2);
  });

  it('sliding layers need only window + batch tokens per request, so long contexts cost less than full attention', () => {
    const gptoss = kvLayout(model('gpt-oss-20b'), { maxNumBatchedTokens: 8192 });
    const perLayerPage = 16 * gptoss.layerBytesPerToken;
    const full = (131072 / 16) * perLayerPage * 12;
    const sliding = (Math.ceil((128 - 1 + 8192) / 16) + 1) * perLayerPage * 12;
    expect(requestBytes(gptoss, 131072)).toBe(full + sliding);
  });
});

describe('fitting lengths', () => {
  const layout = kvLayout(model('llama-3.1-8b-instruct'));

  it('a uniform model fits floor(available / (layers × page)) × block tokens (vLLM §c3)', () => {
    const available = 10 * 1024 ** 3;
    const tokens = kvCacheTokens(layout, available);
    expect(tokens).toBe(Math.floor(available / (131072 * 16)) * 16);
    expect(maxLengthThatFits(layout, available, 10_000_000, 'V1')).toBe(tokens);
    expect(maxLengthThatFits(layout, available, 8192, 'V1')).toBe(8192);
    expect(maxLengthThatFits(layout, 0, 8192, 'V1')).toBe(0);
  });

  it('more memory never fits a shorter context, and what fits always fits its own need', () => {
    const gemma = kvLayout(model('gemma-3-27b-it'), { maxNumBatchedTokens: 2048 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 * 1024 }), fc.integer({ min: 0, max: 4096 }), (mib, extra) => {
        for (const l of [layout, gemma]) {
          const small = maxLengthThatFits(l, mib * 1024 ** 2, 131072, 'V1');
          const large = maxLengthThatFits(l, (mib + extra) * 1024 ** 2, 131072, 'V1');
          expect(large).toBeGreaterThanOrEqual(small);
          if (small > 0) expect(requestBytes(l, small)).toBeLessThanOrEqual(mib * 1024 ** 2);
          if (small > 0 && small < 131072)
            expect(requestBytes(l, small + 1)).toBeGreaterThan(mib * 1024 ** 2);
        }
      }),
      { numRuns: 200 },
    );
  });
});
