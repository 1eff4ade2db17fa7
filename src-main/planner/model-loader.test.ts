import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFromPath } from './model-loader';
import { paramCount } from './param-count';
import { planLaunch } from './plan';

async function folder(name: string, files: Record<string, unknown>): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'planner-')), name);
  await mkdir(dir);
  for (const [file, content] of Object.entries(files))
    await writeFile(path.join(dir, file), JSON.stringify(content));
  return dir;
}

const QWEN_7B_CONFIG = {
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  vocab_size: 152064,
  hidden_size: 3584,
  intermediate_size: 18944,
  num_hidden_layers: 28,
  num_attention_heads: 28,
  num_key_value_heads: 4,
  max_position_embeddings: 32768,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
};

describe('loadModelFromPath', () => {
  it('reads config.json and the safetensors index total_size', async () => {
    const dir = await folder('Qwen2.5-7B-Instruct', {
      'config.json': QWEN_7B_CONFIG,
      'model.safetensors.index.json': { metadata: { total_size: 15231233024 }, weight_map: {} },
    });
    const spec = await loadModelFromPath(dir);
    expect(paramCount(spec)).toBe(7615616512);
    expect(spec.weightBytesOnDisk).toBe(15231233024);
    expect(spec.hfId).toBe('Qwen/Qwen2.5-7B-Instruct'); // recognised from the folder name
    const plan = planLaunch({ model: spec, gpu: { gpuId: 'h100' }, maxModelLen: 8192 });
    expect(plan.memory.weightsGiB).toBeCloseTo(15231233024 / 1024 ** 3, 1);
  });

  it('reads quantization from config.json or an older quantize_config.json', async () => {
    const awq = await folder('my-awq', {
      'config.json': {
        ...QWEN_7B_CONFIG,
        quantization_config: { quant_method: 'awq', bits: 4, group_size: 128 },
      },
    });
    expect((await loadModelFromPath(path.join(awq, 'config.json'))).quantization).toMatchObject({
      method: 'awq',
      bits: 4,
    });
    const gptq = await folder('old-gptq', {
      'config.json': QWEN_7B_CONFIG,
      'quantize_config.json': { bits: 4, group_size: 128 },
    });
    const spec = await loadModelFromPath(gptq);
    expect(spec.quantization).toMatchObject({ method: 'gptq', bits: 4 });
    const plan = planLaunch({ model: spec, gpu: { gpuId: 'h100' }, maxModelLen: 8192 });
    expect(plan.memory.weightsGiB).toBeLessThan(6);
  });

  it('fails with a readable message when there is no config', async () => {
    const empty = await folder('empty', {});
    await expect(loadModelFromPath(empty)).rejects.toThrow(/config/);
  });
});
