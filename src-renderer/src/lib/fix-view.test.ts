import { describe, expect, it } from 'vitest';
import type { Finding, Fix } from '../../../src-main/diagnosis/types';
import {
  commandList,
  docLabel,
  confidencePercent,
  orderFindings,
  prefillFromFix,
  settingRows,
} from './fix-view';

const fix: Fix = {
  summary: 'Lower the context length',
  settings: { max_model_len: 16384, gpu_memory_utilization: 0.95 },
  before: { max_model_len: 131072 },
  env: { PYTORCH_CUDA_ALLOC_CONF: 'expandable_segments:True' },
  commands: {
    docker: 'docker run …',
    'vllm-cli': 'vllm serve m --max-model-len 16384',
    'xinference-cli': '  ',
  },
};

const finding = (id: string, confidence: number): Finding => ({
  id,
  title: id,
  titleZh: id,
  confidence,
  evidence: [],
  facts: { max_model_len: 131072 },
  fixes: [fix],
  docs: [],
});

describe('fix view', () => {
  it('lists before → after rows, then environment variables', () => {
    expect(settingRows(fix)).toEqual([
      { name: 'max_model_len', before: '131072', after: '16384' },
      { name: 'gpu_memory_utilization', after: '0.95' },
      { name: 'PYTORCH_CUDA_ALLOC_CONF', after: 'expandable_segments:True' },
    ]);
  });

  it('orders commands by target and drops empty ones', () => {
    expect(commandList(fix.commands).map(([t]) => t)).toEqual(['vllm-cli', 'docker']);
    expect(commandList(undefined)).toEqual([]);
  });

  it("keeps the engine's root-cause order", () => {
    // The engine's order is the root-cause order, even when a cause is less sure than its consequence.
    const ordered = orderFindings([finding('a', 0.6), finding('b', 0.95), finding('c', 0.5)]);
    expect(ordered.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(confidencePercent(0.876)).toBe('88%');
  });

  it('pre-fills the wizard from a fix and the log facts', () => {
    const prefill = prefillFromFix(finding('kv', 0.9), fix, {
      engine: 'vllm',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      settings: { tensor_parallel_size: 2 },
      measurements: { total_gpu_memory_gib: 23.6, gpu_name: 'NVIDIA GeForce RTX 3090' },
    });
    expect(prefill).toMatchObject({
      engine: 'vllm',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      gpuCount: 2,
      memoryGiB: 23.6,
      gpuName: 'NVIDIA GeForce RTX 3090',
      maxModelLen: 16384,
      settings: { max_model_len: 16384, gpu_memory_utilization: 0.95 },
    });
  });

  it("plans for the log's GPU when the log came from another machine, else as before", () => {
    const facts = { engine: 'vllm', settings: {}, measurements: { gpu_name: 'Tesla T4' } };
    const machine = {
      sameMachine: false as const,
      message: '',
      log: { gpuName: 'Tesla T4' },
      here: [{ name: 'NVIDIA H100 80GB HBM3', memoryGiB: 79.6, count: 1 }],
      planFor: { gpuName: 'NVIDIA T4', memoryGiB: 14.6, catalog: true },
    };
    expect(prefillFromFix(finding('bf16', 0.9), fix, facts, machine)).toMatchObject({
      gpuName: 'NVIDIA T4',
      memoryGiB: 14.6,
      logGpu: 'NVIDIA T4, 14.6 GiB',
    });
    const memoryOnly = { ...machine, planFor: { memoryGiB: 22.05, catalog: false } };
    expect(prefillFromFix(finding('bf16', 0.9), fix, facts, memoryOnly)).toMatchObject({
      gpuName: '',
      memoryGiB: 22.05,
      logGpu: '22.05 GiB',
    });
    const same = prefillFromFix(finding('bf16', 0.9), fix, facts, { ...machine, sameMachine: true });
    expect(same).toMatchObject({ gpuName: 'Tesla T4' });
    expect(same.logGpu).toBeUndefined();
  });
});

describe('docLabel', () => {
  it('names a link by host and last path part', () => {
    expect(docLabel('https://docs.vllm.ai/en/latest/configuration/optimization.html')).toBe(
      'docs.vllm.ai › optimization',
    );
    expect(docLabel('https://github.com/vllm-project/vllm/issues/10517')).toBe('github.com › 10517');
    expect(docLabel('https://pytorch.org/')).toBe('pytorch.org');
    expect(docLabel('not a url')).toBe('not a url');
  });
});
