import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  parseCommandFlags,
  parseDictRepr,
  parseKeyValueRepr,
} from '../../src-main/diagnosis/facts';
import { diagnoseText } from '../../src-main/diagnosis';

describe('facts', () => {
  it('reads a V1 engine config line', () => {
    const report = diagnoseText(
      "INFO 05-20 00:55:13 [core.py:61] Initializing a V1 LLM engine (v0.8.5) with config: model='Qwen/Qwen3-8B', speculative_config=None, tokenizer='Qwen/Qwen3-8B', dtype=torch.bfloat16, max_seq_len=40960, download_dir=None, load_format=auto, tensor_parallel_size=2, pipeline_parallel_size=1, disable_custom_all_reduce=False, quantization=fp8, enforce_eager=False, kv_cache_dtype=auto, device_config=cuda",
    );
    expect(report.facts).toMatchObject({
      engine: 'vllm',
      engineVersion: '0.8.5',
      vllmEngine: 'V1',
      model: 'Qwen/Qwen3-8B',
      settings: {
        max_model_len: 40960,
        tensor_parallel_size: 2,
        dtype: 'bfloat16',
        quantization: 'fp8',
        enforce_eager: false,
        kv_cache_dtype: 'auto',
      },
    });
  });

  it('reads command lines, one flag per line included', () => {
    const report = diagnoseText(
      [
        'vllm serve /root/Qwen/Qwen3-30B-A3B',
        '--tensor-parallel-size 4',
        '--max-model-len 8192',
        '--gpu-memory-utilization 0.7',
      ].join('\n'),
    );
    expect(report.facts.settings).toMatchObject({
      model: '/root/Qwen/Qwen3-30B-A3B',
      tensor_parallel_size: 4,
      max_model_len: 8192,
      gpu_memory_utilization: 0.7,
    });
  });

  it('parses flags, Python reprs and dicts', () => {
    expect(parseCommandFlags('vllm serve m --max-model-len=4096 --enforce-eager --dtype half -tp 2')).toEqual(
      {
        model: 'm',
        max_model_len: 4096,
        enforce_eager: true,
        dtype: 'half',
        tensor_parallel_size: 2,
      },
    );
    expect(
      parseKeyValueRepr("Namespace(model='x', max_model_len=None, gpu_memory_utilization=0.85)"),
    ).toEqual({
      model: 'x',
      max_model_len: null,
      gpu_memory_utilization: 0.85,
    });
    expect(parseDictRepr("{'max_model_len': 4096, 'tensor_parallel_size': 1, 'quantization': None}")).toEqual(
      {
        max_model_len: 4096,
        tensor_parallel_size: 1,
        quantization: null,
      },
    );
  });

  it('reads V0 memory lines', () => {
    const report = diagnoseText(
      [
        'INFO 10-10 10:23:00 worker.py:232] Loading model weights took 14.9888 GB',
        'INFO 10-10 10:23:01 executor_base.py:110] # GPU blocks: 1478, # CPU blocks: 2048',
        'INFO 10-10 10:23:01 executor_base.py:115] Maximum concurrency for 29000 tokens per request: 0.82x',
      ].join('\n'),
    );
    expect(report.facts.measurements).toMatchObject({
      weights_gib: 14.9888,
      gpu_blocks: 1478,
      max_concurrency: 0.82,
    });
    expect(report.facts.settings.max_model_len).toBe(29000);
  });

  it('tells Xinference wrapping vLLM', () => {
    const report = diagnoseText(
      'ValueError: [address=0.0.0.0:37495, pid=262] Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your NVIDIA GeForce RTX 2080 Ti GPU has compute capability 7.5.\n  File "/usr/local/lib/python3.10/site-packages/vllm/worker/worker.py", line 1',
    );
    expect(report.facts.engine).toBe('xinference');
    expect(report.facts.innerEngine).toBe('vllm');
  });

  it("reads vLLM's human-readable token counts and lower-cased pastes", () => {
    expect(parseCommandFlags('vllm serve m --max-model-len 32k --max-num-batched-tokens 8K')).toMatchObject({
      max_model_len: 32000,
      max_num_batched_tokens: 8192,
    });
    const report = diagnoseText(
      'info 10-10 10:23:01 executor_base.py:110] # gpu blocks: 1478, # cpu blocks: 2048',
    );
    expect(report.facts.measurements.gpu_blocks).toBe(1478);
  });

  it('reads the vLLM version from collect_env and server banners', () => {
    expect(diagnoseText('vLLM Version: 0.8.5.post1').facts.vllmVersion).toBe('0.8.5.post1');
    expect(
      diagnoseText('INFO 06-01 10:00:00 api_server.py:1] vLLM API server version 0.6.3').facts.vllmVersion,
    ).toBe('0.6.3');
  });

  it('compares versions numerically', () => {
    expect(compareVersions('0.10.1', '0.9.2')).toBeGreaterThan(0);
    expect(compareVersions('0.8.0', '0.8.0')).toBe(0);
    expect(compareVersions('0.6.3.post1', '0.7.0')).toBeLessThan(0);
  });
});

describe('engine detection', () => {
  it('calls a log vLLM from its own start-up lines even without the word vllm', () => {
    const report = diagnoseText(
      [
        'Loading model weights took 14.9888 GB',
        '# GPU blocks: 1478, # CPU blocks: 2048',
        "The model's max seq len (29000) is larger than the maximum number of tokens that can be stored in KV cache (23648). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
      ].join('\n'),
    );
    expect(report.facts.engine).toBe('vllm');
  });

  it('calls a bare PyTorch error pytorch', () => {
    const report = diagnoseText(
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 200.00 GiB. GPU 0 has a total capacity of 79.18 GiB of which 78.66 GiB is free.',
    );
    expect(report.facts.engine).toBe('pytorch');
  });
});
