import { describe, expect, it } from 'vitest';
import table from './flags/vllm-args.json';
import { ARG_TABLE_VLLM_VERSION, VLLM_ARGS } from './flags/arg-table';
import { checkFlags } from './flags/check-flags';
import { closestName } from './flags/did-you-mean';

const suggestions = (text: string, opts = {}): Array<string | undefined> =>
  checkFlags(text, opts).map((i) => i.suggestion);

describe('checkFlags', () => {
  it('states the vLLM version its table of names was read from', () => {
    expect(table.vllm_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ARG_TABLE_VLLM_VERSION).toBe(table.vllm_version);
    expect(VLLM_ARGS.length).toBeGreaterThan(50);
  });

  it('maps renamed and invented names to vLLM’s (Python kwargs and CLI spellings)', () => {
    expect(suggestions('LLM(model="Qwen/Qwen2.5-7B-Instruct", offload_weights=10)')).toEqual([
      'cpu_offload_gb',
    ]);
    expect(suggestions('LLM(model="m", max_batch_size=64)')).toEqual(['max_num_seqs']);
    expect(suggestions('vllm serve m --max-batch-size 64')).toEqual(['--max-num-seqs']);
    expect(suggestions('vllm serve m --max-context-len-to-capture 8192')).toEqual([
      '--max-seq-len-to-capture',
    ]);
    expect(suggestions('offload_weights=4, max_model_len=4096')).toEqual(['cpu_offload_gb']);
  });

  it('offers the nearest real name for typos', () => {
    expect(suggestions('vllm serve m --max-model-length 4096')).toEqual(['--max-model-len']);
    expect(suggestions('vllm serve m --gpu-memory-utilisation 0.8')).toEqual(['--gpu-memory-utilization']);
    expect(
      closestName(
        'tensor_paralel_size',
        VLLM_ARGS.map((a) => a.name),
      ),
    ).toBe('tensor_parallel_size');
    expect(closestName('completely_unrelated_thing', ['max_model_len'])).toBeUndefined();
  });

  it('explains impossible values using the model it names', () => {
    const tp = checkFlags('vllm serve Qwen/Qwen2.5-7B-Instruct --tensor-parallel-size 3');
    expect(tp).toHaveLength(1);
    expect(tp[0].message).toContain('attention heads (28)');
    expect(tp[0].suggestion).toBe('2');
    const long = checkFlags('vllm serve Qwen/Qwen2.5-7B-Instruct --max-model-len 65536');
    expect(long[0].message).toContain('32768');
    const percent = checkFlags('LLM(model="x", gpu_memory_utilization=90)');
    expect(percent[0].suggestion).toBe('0.9');
    const choice = checkFlags('vllm serve m --kv-cache-dtype fp8e4m3');
    expect(choice[0].suggestion).toBe('fp8_e4m3');
    expect(checkFlags('vllm serve m -tp 4 -pp 2', { gpuCount: 4 })[0].message).toContain('8');
  });

  it('knows which names belong to which front end and version', () => {
    expect(checkFlags('LLM(model="m", port=8000)')[0].message).toContain('OpenAI server');
    expect(
      checkFlags('vllm serve m --kv-cache-memory-bytes 1000', { vllmVersion: '0.9.0' })[0].message,
    ).toContain('0.10.2');
    expect(checkFlags('vllm serve m --max-model-len auto', { vllmVersion: '0.12.0' })[0].message).toContain(
      '0.14',
    );
    expect(checkFlags('vllm serve m --max_model_len 4096', { vllmVersion: '0.4.2' })[0].suggestion).toBe(
      '--max-model-len',
    );
  });

  it('catches Xinference spelling mistakes', () => {
    const issues = checkFlags(
      'xinference launch --model-engine vllm --model-name qwen2.5-instruct --max-model-len 8192 --tensor_parallel_size 2',
    );
    expect(issues.map((i) => i.suggestion)).toEqual(['--max_model_len 8192', '--n-gpu 2']);
    const typo = checkFlags(
      'xinference launch --model-engine vllm --model-name qwen2.5-instruct --max_batch_size 8',
    );
    expect(typo[0].suggestion).toBe('max_num_seqs');
  });

  it('finds nothing wrong in a correct command', () => {
    expect(
      checkFlags(
        'vllm serve Qwen/Qwen2.5-7B-Instruct --max-model-len 16384 --gpu-memory-utilization 0.85 -tp 2 --enforce-eager',
      ),
    ).toEqual([]);
    expect(
      checkFlags(
        'docker run --gpus all --ipc=host vllm/vllm-openai:v0.19.0 --model Qwen/Qwen2.5-7B-Instruct --max-model-len 8192',
      ),
    ).toEqual([]);
    expect(checkFlags('LLM(model="Qwen/Qwen2.5-7B-Instruct", max_model_len=8192, cpu_offload_gb=4)')).toEqual(
      [],
    );
  });
});
