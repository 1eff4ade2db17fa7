import { describe, expect, it } from 'vitest';
import { maxModelLenThatFits } from './max-model-len';
import { findModel } from './model-catalog';
import { planLaunch } from './plan';
import { PlanInputError } from './resolve-request';
import type { ModelSpec, PlanRequest } from './types';
import { parseVllmServe } from './writers/vllm-serve';

function model(id: string): ModelSpec {
  const spec = findModel(id);
  if (!spec) throw new Error(id);
  return spec;
}

const base = (overrides: Partial<PlanRequest> = {}): PlanRequest => ({
  model: model('llama-3.1-8b-instruct'),
  gpu: { gpuId: 'rtx-4090', count: 1 },
  vllmVersion: '0.19.0',
  ...overrides,
});

describe('planLaunch', () => {
  it('calls the default 128K context of Llama 3.1 8B on a 24 GB card a misfit and recommends what fits', () => {
    const plan = planLaunch(base());
    expect(plan.fits).toBe(false);
    expect(plan.maxModelLenThatFits).toBeGreaterThan(4096);
    expect(plan.maxModelLenThatFits).toBeLessThan(131072);
    const lengths = plan.recommendations.filter((r) => r.setting === 'max_model_len').map((r) => r.value);
    expect(lengths).toContain('auto'); // v0.19 has --max-model-len auto
    const chosen = plan.settings.max_model_len;
    expect(typeof chosen).toBe('number');
    // The recommended settings really fit when planned again.
    const again = planLaunch(
      base({
        maxModelLen: chosen as number,
        kvCacheDtype: plan.settings.kv_cache_dtype,
        gpuMemoryUtilization: plan.settings.gpu_memory_utilization,
      }),
    );
    expect(again.fits).toBe(true);
    for (const r of plan.recommendations) expect(r.reason.length).toBeGreaterThan(20);
  });

  it('does not mention --max-model-len auto for versions before 0.14', () => {
    const plan = planLaunch(base({ vllmVersion: '0.10.2' }));
    expect(plan.maxModelLenAutoAvailable).toBe(false);
    expect(plan.recommendations.some((r) => r.value === 'auto')).toBe(false);
  });

  it('offers more GPUs and a quantized variant when the weights do not fit one GPU', () => {
    const plan = planLaunch({
      model: model('llama-3.3-70b-instruct'),
      gpu: { gpuId: 'h100', count: 1 },
      maxModelLen: 32768,
    });
    expect(plan.fits).toBe(false);
    expect(plan.memory.weightsGiB).toBeGreaterThan(plan.memory.budgetGiB);
    const changes = plan.alternatives.map((a) => a.change);
    expect(changes.some((c) => c.startsWith('tensor_parallel_size'))).toBe(true);
    expect(changes.some((c) => c.includes('FP8'))).toBe(true);
    const tp = plan.alternatives.find((a) => a.change.startsWith('tensor_parallel_size'));
    const check = planLaunch({
      model: model('llama-3.3-70b-instruct'),
      gpu: { gpuId: 'h100', count: tp?.gpuCount },
      tp: tp?.settings.tensor_parallel_size,
      maxModelLen: 32768,
    });
    expect(check.fits).toBe(true);
  });

  it('uses tensor parallelism when the machine has the GPUs', () => {
    const plan = planLaunch({
      model: model('llama-3.3-70b-instruct'),
      gpu: { gpuId: 'h100', count: 4 },
      maxModelLen: 32768,
    });
    expect(plan.settings.tensor_parallel_size).toBeGreaterThan(1);
    expect(plan.commands.vllmServe).toContain('--tensor-parallel-size');
  });

  it('gives more KV cache on v0.17 than v0.16 (smaller sampler profile), and the same weights', () => {
    const old = planLaunch(base({ gpu: { gpuId: 'h100' }, vllmVersion: '0.16.0', maxModelLen: 8192 }));
    const fresh = planLaunch(base({ gpu: { gpuId: 'h100' }, vllmVersion: '0.17.0', maxModelLen: 8192 }));
    expect(fresh.memory.weightsGiB).toBe(old.memory.weightsGiB);
    expect(fresh.memory.activationGiB).toBeLessThan(old.memory.activationGiB - 2);
    expect(fresh.kvCacheTokens).toBeGreaterThan(old.kvCacheTokens);
  });

  it('takes CUDA graphs out of the budget from v0.21 unless enforce_eager', () => {
    const graphs = planLaunch(base({ gpu: { gpuId: 'h100' }, vllmVersion: '0.21.0', maxModelLen: 8192 }));
    const eager = planLaunch(
      base({ gpu: { gpuId: 'h100' }, vllmVersion: '0.21.0', maxModelLen: 8192, enforceEager: true }),
    );
    expect(graphs.memory.cudaGraphInBudget).toBe(true);
    expect(graphs.memory.budgetGiB).toBeCloseTo(79.18 * 0.92, 1); // 0.92 default from v0.21
    expect(eager.memory.kvCacheGiB).toBeGreaterThan(graphs.memory.kvCacheGiB);
    const v19 = planLaunch(
      base({ gpu: { gpuId: 'h100' }, vllmVersion: '0.19.0', maxModelLen: 8192, enforceEager: true }),
    );
    const v19graphs = planLaunch(base({ gpu: { gpuId: 'h100' }, vllmVersion: '0.19.0', maxModelLen: 8192 }));
    expect(v19.memory.kvCacheGiB).toBe(v19graphs.memory.kvCacheGiB);
  });

  it('lets numbers vLLM printed win over the estimate', () => {
    const plan = planLaunch(base({ observed: { kvCacheGiB: 2.0 }, maxModelLen: 32768 }));
    expect(plan.memory.kvCacheGiB).toBe(2);
    expect(plan.kvCacheTokens).toBe(Math.floor((2 * 1024 ** 3) / (131072 * 16)) * 16);
    expect(maxModelLenThatFits({ ...base(), observed: { kvCacheTokens: 23648 } })).toBe(23648);
  });

  it('explains impossible requests', () => {
    const qwen = model('qwen2.5-7b-instruct');
    const tp3 = planLaunch({ model: qwen, gpu: { gpuId: 'h100', count: 4 }, tp: 3 });
    expect(tp3.fits).toBe(false);
    expect(tp3.warnings.join(' ')).toMatch(/attention heads \(28\).*divisible.*\(3\)/);
    const tooLong = planLaunch({ model: qwen, gpu: { gpuId: 'h100' }, maxModelLen: 65536 });
    expect(tooLong.fits).toBe(false);
    expect(tooLong.warnings.join(' ')).toContain('32768');
    expect(() => planLaunch({ model: qwen, gpu: { gpuId: 'nonexistent-gpu' } })).toThrow(PlanInputError);
    expect(() => planLaunch({ model: qwen, gpu: { gpuId: 'h100' }, gpuMemoryUtilization: 90 })).toThrow(
      PlanInputError,
    );
  });

  it('warns about bf16 on GPUs without it', () => {
    const plan = planLaunch({
      model: model('qwen2.5-1.5b-instruct'),
      gpu: { gpuId: 't4' },
      maxModelLen: 4096,
    });
    expect(plan.warnings.join(' ')).toContain('--dtype half');
  });

  it('writes commands that carry the planned settings', () => {
    const plan = planLaunch(base({ gpu: { gpuId: 'h100' }, maxModelLen: 16384 }));
    const parsed = parseVllmServe(plan.commands.vllmServe);
    expect(parsed.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(parsed.settings.max_model_len).toBe(16384);
    expect(plan.commands.docker).toContain('--ipc=host');
    expect(plan.commands.docker).toContain('vllm/vllm-openai:v0.19.0');
    expect(plan.commands.xinferenceLaunch).toContain('--max_model_len 16384');
  });
});
