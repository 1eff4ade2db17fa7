import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGpu, listGpus, torchMemoryGiB } from './gpu-catalog';
import { findModel, listModels, searchModels } from './model-catalog';
import { specFromHfConfig } from './model-config';
import { activeParamCount, paramCount } from './param-count';

interface CountFixture {
  params: number;
  config: Record<string, number | boolean>;
}
const COUNTS = JSON.parse(
  readFileSync(path.join(__dirname, '../../test/fixtures/param-counts.json'), 'utf8'),
) as {
  counts: Record<string, CountFixture>;
};
const CATALOG_ID: Record<string, string> = {
  'llama-3.1-8b': 'llama-3.1-8b-instruct',
  'qwen2.5-7b': 'qwen2.5-7b-instruct',
  'qwen2.5-32b': 'qwen2.5-32b-instruct',
  'qwen2.5-0.5b': 'qwen2.5-0.5b-instruct',
  'mistral-7b-v0.3': 'mistral-7b-instruct-v0.3',
  'llama-3.1-70b': 'llama-3.1-70b-instruct',
};

describe('parameter counts', () => {
  it.each(Object.entries(COUNTS.counts))(
    '%s matches the exact count from its catalog entry',
    (key, fixture) => {
      const spec = findModel(CATALOG_ID[key]);
      expect(spec, key).toBeDefined();
      if (!spec) return;
      expect(spec.vocabSize).toBe(fixture.config.vocab_size);
      expect(spec.hiddenSize).toBe(fixture.config.hidden_size);
      expect(spec.intermediateSize).toBe(fixture.config.intermediate_size);
      expect(spec.numLayers).toBe(fixture.config.num_hidden_layers);
      expect(spec.numAttentionHeads).toBe(fixture.config.num_attention_heads);
      expect(spec.numKeyValueHeads).toBe(fixture.config.num_key_value_heads);
      expect(spec.tieWordEmbeddings).toBe(fixture.config.tie_word_embeddings);
      expect(paramCount(spec)).toBe(fixture.params);
    },
  );

  it.each(Object.entries(COUNTS.counts))(
    '%s matches when built from the fixture config alone',
    (key, fixture) => {
      const modelType = key.startsWith('qwen') ? 'qwen2' : key.startsWith('mistral') ? 'mistral' : 'llama';
      const spec = specFromHfConfig(
        { ...fixture.config, model_type: modelType },
        { id: key, source: 'fixture' },
      );
      expect(paramCount(spec)).toBe(fixture.params);
    },
  );

  it('counts MoE, MLA and sliding-window models close to their published totals', () => {
    const published: Array<[string, number]> = [
      ['mixtral-8x7b-instruct-v0.1', 46.7e9],
      ['deepseek-v3', 671e9],
      ['qwen3-30b-a3b', 30.5e9],
      ['qwen3-235b-a22b', 235e9],
      ['gpt-oss-20b', 20.9e9],
      ['gemma-2-9b-it', 9.24e9],
      ['deepseek-coder-v2-lite-instruct', 15.7e9],
    ];
    for (const [id, total] of published) {
      const spec = findModel(id);
      expect(spec, id).toBeDefined();
      if (spec) expect(Math.abs(paramCount(spec) / total - 1), id).toBeLessThan(0.01);
    }
    const a3b = findModel('qwen3-30b-a3b');
    if (a3b) expect(activeParamCount(a3b) / 1e9).toBeCloseTo(3.3, 0);
  });
});

describe('model catalog', () => {
  const models = listModels();

  it('has unique ids, a source for every entry, and the families the issue names', () => {
    expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
    for (const m of models) expect(m.source.length, m.id).toBeGreaterThan(10);
    for (const family of [
      'qwen2.5-',
      'qwen3-',
      'qwq-',
      'llama-3.',
      'deepseek-r1-distill-qwen',
      'deepseek-r1-distill-llama',
      'deepseek-v3',
      'mistral-',
      'mixtral-',
      'gemma-2-',
      'gemma-3-',
      'glm-4',
      'phi-',
    ]) {
      expect(
        models.some((m) => m.id.startsWith(family)),
        family,
      ).toBe(true);
    }
    expect(models.some((m) => m.moe && m.id.startsWith('qwen3'))).toBe(true);
    expect(models.filter((m) => (m.extraParams ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
    expect(findModel('deepseek-r1')?.mla?.kvLoraRank).toBe(512);
  });

  it('derives the context vLLM uses from each config (RoPE scaling rules)', () => {
    expect(findModel('gpt-oss-20b')?.maxModelLen).toBe(131072); // yarn: 4096 × 32
    expect(findModel('deepseek-v3')?.maxModelLen).toBe(163840); // yarn: 4096 × 40
    expect(findModel('gemma-3-27b-it')?.maxModelLen).toBe(131072); // gemma3: no scaling
    expect(findModel('llama-3.1-8b-instruct')?.maxModelLen).toBe(131072); // llama3: not multiplied
    expect(findModel('qwen3-8b')?.maxModelLen).toBe(40960);
  });

  it('reads layer kinds of hybrid sliding-window models', () => {
    const gemma3 = findModel('gemma-3-27b-it');
    expect(gemma3?.layerTypes?.filter((k) => k === 'full').length).toBe(10);
    expect(gemma3?.slidingWindow).toBe(1024);
    expect(findModel('gpt-oss-20b')?.layerTypes?.slice(0, 2)).toEqual(['sliding', 'full']);
    expect(findModel('qwen2.5-7b-instruct')?.slidingWindow).toBeUndefined(); // use_sliding_window false
  });

  it('finds models by Hugging Face id, repo name and local path; searches by words', () => {
    expect(findModel('Qwen/Qwen2.5-7B-Instruct')?.id).toBe('qwen2.5-7b-instruct');
    expect(findModel('QWEN2.5-7B-INSTRUCT')?.id).toBe('qwen2.5-7b-instruct');
    expect(findModel('/models/Qwen3-32B')?.id).toBe('qwen3-32b');
    expect(findModel('no-such-model')).toBeUndefined();
    const hits = searchModels('qwen3 32b').map((m) => m.id);
    expect(hits[0]).toBe('qwen3-32b');
    expect(hits.every((id) => id.includes('qwen3') && id.includes('32b'))).toBe(true);
  });
});

describe('GPU catalog', () => {
  it('holds PyTorch memory, not nvidia-smi totals, and resolves printed names', () => {
    expect(findGpu('NVIDIA H100 80GB HBM3')?.memoryGiB).toBe(79.18);
    expect(findGpu('h100')?.fp8).toBe(true);
    expect(findGpu('NVIDIA A100 40GB (ml.p4d.24xlarge)')?.id).toBe('a100-40g');
    expect(findGpu('Tesla T4')?.bf16).toBe(false);
    expect(findGpu('NVIDIA L40S')?.nvlink).toBe(false);
    expect(findGpu('Voodoo 2')).toBeUndefined();
    for (const g of listGpus()) expect(g.memoryGiB, g.id).toBeGreaterThan(10);
  });

  it('converts detected nvidia-smi totals to what PyTorch reports', () => {
    // test/fixtures/gpu/nvidia-h100-idle: memory.total 81559 MiB, memory.reserved 480 MiB.
    expect(
      torchMemoryGiB({ name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryReservedMiB: 480 }),
    ).toBeCloseTo(79.18, 2);
    expect(torchMemoryGiB({ name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559 })).toBe(79.18);
    const unknown = torchMemoryGiB({ name: 'Mystery GPU', memoryTotalMiB: 16384 });
    expect(unknown).toBeLessThan(16);
    expect(unknown).toBeGreaterThan(15.5);
  });
});
