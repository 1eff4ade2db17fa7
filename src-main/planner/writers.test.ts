import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findModel } from './model-catalog';
import type { VllmSettings } from './types';
import { parseDockerRun, writeDockerRun } from './writers/docker-run';
import { parsePythonLLM, writePythonLLM } from './writers/python-llm';
import { splitShellWords } from './writers/shell-words';
import { parseVllmServe, writeVllmServe } from './writers/vllm-serve';
import { parseXinferenceLaunch, writeXinferenceLaunch } from './writers/xinference-launch';
import { parseXinferenceWebUiOptions, writeXinferenceWebUiOptions } from './writers/xinference-webui';

const settingsArb: fc.Arbitrary<VllmSettings> = fc.record(
  {
    tensor_parallel_size: fc.constantFrom(1, 2, 4, 8),
    pipeline_parallel_size: fc.constantFrom(1, 2),
    max_model_len: fc.integer({ min: 256, max: 262144 }),
    gpu_memory_utilization: fc.integer({ min: 50, max: 98 }).map((x) => x / 100),
    dtype: fc.constantFrom('auto', 'half', 'bfloat16'),
    quantization: fc.constantFrom('fp8', 'awq', 'gptq', 'bitsandbytes'),
    kv_cache_dtype: fc.constantFrom('auto', 'fp8', 'fp8_e5m2'),
    max_num_seqs: fc.integer({ min: 1, max: 1024 }),
    max_num_batched_tokens: fc.integer({ min: 512, max: 65536 }),
    enforce_eager: fc.boolean(),
    cpu_offload_gb: fc.integer({ min: 0, max: 64 }),
    block_size: fc.constantFrom(16, 32, 128),
  },
  { requiredKeys: [] },
);
const modelArb = fc.constantFrom(
  'Qwen/Qwen2.5-7B-Instruct',
  '/models/my model (v2)',
  'meta-llama/Llama-3.1-8B-Instruct',
  "o'brien/model",
);

function without<T extends object>(value: T, ...keys: Array<keyof T>): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

describe('writers parse back to the same settings', () => {
  it('vllm serve (one line and multi-line)', () => {
    fc.assert(
      fc.property(settingsArb, modelArb, fc.boolean(), (settings, model, multiline) => {
        const parsed = parseVllmServe(writeVllmServe(settings, model, { multiline }));
        expect(parsed.form).toBe('vllm-serve');
        expect(parsed.model).toBe(model);
        expect(parsed.settings).toEqual({ ...settings, model });
      }),
    );
  });

  it('Python LLM(...)', () => {
    fc.assert(
      fc.property(settingsArb, modelArb, (settings, model) => {
        const parsed = parsePythonLLM(writePythonLLM(settings, model));
        expect(parsed.callee).toBe('LLM');
        expect(parsed.settings).toEqual({ ...settings, model });
      }),
    );
  });

  it('docker run of vllm/vllm-openai', () => {
    fc.assert(
      fc.property(settingsArb, modelArb, fc.integer({ min: 1, max: 8 }), (settings, model, gpus) => {
        const parsed = parseDockerRun(writeDockerRun(settings, model, { tag: 'v0.19.0', gpuCount: gpus }));
        expect(parsed.image).toBe('vllm/vllm-openai');
        expect(parsed.tag).toBe('v0.19.0');
        expect(parsed.ipcHost).toBe(true);
        expect(parsed.gpus).toBe(`"device=${Array.from({ length: gpus }, (_, i) => i).join(',')}"`);
        expect(parsed.vllm.settings).toEqual({ ...settings, model });
      }),
    );
  });

  it('xinference launch (TP as --n-gpu, quantization as --model_quantization)', () => {
    const model = findModel('qwen2.5-7b-instruct');
    if (!model) throw new Error('catalog');
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const text = writeXinferenceLaunch(settings, { model, gpuCount: settings.tensor_parallel_size });
        const parsed = parseXinferenceLaunch(text);
        expect(parsed.problems).toEqual([]);
        expect(parsed.builtins.model_engine).toBe('vllm');
        expect(parsed.builtins.model_name).toBe('qwen2.5-instruct');
        expect(parsed.settings).toEqual(settings);
        for (const key of Object.keys(parsed.extra)) expect(key).not.toContain('-');
      }),
    );
  });

  it('Xinference web UI key/value rows', () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const rows = writeXinferenceWebUiOptions(settings);
        expect(rows.every((r) => typeof r.value === 'string' && !r.key.includes('-'))).toBe(true);
        expect(parseXinferenceWebUiOptions(rows).settings).toEqual(without(settings, 'tensor_parallel_size'));
      }),
    );
  });
});

describe('parsers read what people paste', () => {
  it('the api_server module form with underscores, =, short aliases and continuations', () => {
    const parsed = parseVllmServe(
      'CUDA_VISIBLE_DEVICES=0,1 python -m vllm.entrypoints.openai.api_server \\\n  --model Qwen/Qwen2.5-7B-Instruct --max_model_len=32K -tp 2 \\\n  --enforce-eager --no-enable-prefix-caching --gpu-memory-utilization 0.85',
    );
    expect(parsed.form).toBe('api-server');
    expect(parsed.env.CUDA_VISIBLE_DEVICES).toBe('0,1');
    expect(parsed.settings).toEqual({
      model: 'Qwen/Qwen2.5-7B-Instruct',
      max_model_len: 32768,
      tensor_parallel_size: 2,
      enforce_eager: true,
      enable_prefix_caching: false,
      gpu_memory_utilization: 0.85,
    });
  });

  it("vLLM's human-readable lengths: k is 1000, K is 1024", () => {
    expect(parseVllmServe('vllm serve m --max-model-len 32k').settings.max_model_len).toBe(32000);
    expect(parseVllmServe('vllm serve m --max-model-len 25.6k').settings.max_model_len).toBe(25600);
    expect(parseVllmServe('vllm serve m --max-model-len auto').settings.max_model_len).toBe('auto');
  });

  it('Python kwargs with dicts, comments and variables', () => {
    const parsed = parsePythonLLM(`llm = LLM(
      model=path,  # a variable
      limit_mm_per_prompt={"image": 2, 'video': 0},
      enforce_eager=True, max_model_len=8_192,
    )`);
    expect(parsed.values.limit_mm_per_prompt).toEqual({ image: 2, video: 0 });
    expect(parsed.settings.enforce_eager).toBe(true);
    expect(parsed.settings.max_model_len).toBe(8192);
    expect(parsed.kwargs.find((k) => k.name === 'model')?.literal).toBe(false);
  });

  it('xinference launch mistakes become problems with the right spelling', () => {
    const dashed = parseXinferenceLaunch(
      'xinference launch --model-engine vllm -n qwen2.5-instruct --max-model-len 18080',
    );
    expect(dashed.problems[0].suggestion).toBe('--max_model_len 18080');
    const inline = parseXinferenceLaunch(
      'xinference launch --model-engine vllm --max_model_len=18080 --gpu_memory_utilization 0.8',
    );
    expect(inline.problems[0].suggestion).toBe('--max_model_len 18080');
    const bare = parseXinferenceLaunch(
      'xinference launch --model-engine vllm --max_model_len 4096 --enforce_eager',
    );
    expect(bare.problems[0].suggestion).toBe('--enforce_eager true');
    const builtin = parseXinferenceLaunch('xinference launch --model-engine vllm --gpu_idx 0,1');
    expect(builtin.problems[0].message).toContain('multiple values');
    const ok = parseXinferenceLaunch(
      'xinference launch --model-engine vllm --n-gpu 2 --enforce_eager true --limit_mm_per_prompt \'{"image": 4}\'',
    );
    expect(ok.problems).toEqual([]);
    expect(ok.extra).toEqual({ enforce_eager: true, limit_mm_per_prompt: { image: 4 } });
  });

  it('splits shell words like a POSIX shell', () => {
    expect(splitShellWords(`a 'b c' "d \\"e\\"" f\\ g # comment`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
  });
});
