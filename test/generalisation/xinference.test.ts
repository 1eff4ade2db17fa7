/**
 * Xinference cases from the research notes (error lines quoted from real issues): Xinference's
 * own launch errors, its option-passing mistakes, engine errors seen through its wrappers, and
 * CLI output that holds no cause at all.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src-main/diagnosis';
import { hardWrap, summary } from './helpers';

const ADDRESS = '[address=0.0.0.0:41234, pid=77]';

function firstId(text: string): string | undefined {
  return diagnoseText(text).findings[0]?.id;
}

describe('option-passing mistakes (unknown-engine-arg)', () => {
  it('dashed extra option → fix spells it with underscores in the xinference-cli command', () => {
    const report = diagnoseText(
      [
        'xinference launch --model-engine vllm --model-name qwen2.5-instruct --size-in-billions 7 --model-format pytorch --gpu-memory-utilization 0.6',
        `TypeError: ${ADDRESS} AsyncEngineArgs.__init__() got an unexpected keyword argument 'gpu-memory-utilization'`,
      ].join('\n'),
    );
    expect(report.findings[0]?.id, summary(report)).toBe('unknown-engine-arg');
    const command = report.findings[0].fixes[0].commands?.['xinference-cli'];
    expect(command).toContain('--gpu_memory_utilization 0.6');
    expect(command).not.toContain('--gpu-memory-utilization');
  });

  it('dashed --limit-mm-per-prompt → underscores', () => {
    const report = diagnoseText(
      [
        'xinference launch --model-engine vllm --model-name qwen2-vl-instruct --limit-mm-per-prompt 5',
        `TypeError: ${ADDRESS} AsyncEngineArgs.__init__() got an unexpected keyword argument 'limit-mm-per-prompt'`,
      ].join('\n'),
    );
    expect(report.findings[0]?.id).toBe('unknown-engine-arg');
    expect(report.findings[0].fixes[0].summary).toContain('--limit_mm_per_prompt');
  });

  it('value only in the supervisor\'s "with kwargs: {…}" line still gives a ready xinference-cli command', () => {
    const report = diagnoseText(
      [
        "2024-11-04 10:00:00,000 xinference.core.supervisor 1 INFO     Launch model name: qwen2.5-instruct with kwargs: {'gpu-memory-utilization': 0.6}",
        `TypeError: ${ADDRESS} AsyncEngineArgs.__init__() got an unexpected keyword argument 'gpu-memory-utilization'`,
      ].join('\n'),
    );
    expect(report.findings[0]?.id).toBe('unknown-engine-arg');
    expect(report.findings[0].fixes[0].commands?.['xinference-cli']).toContain(
      '--gpu_memory_utilization 0.6',
    );
  });

  it('llama.cpp option sent to vLLM, inside the worker "Leave launch_builtin_model" line (#2964)', () => {
    const text =
      "2025-02-26 09:12:01,100 xinference.core.worker 110 ERROR    [request 8f2d303a-f448-11ef-8499-241c04f26566] Leave launch_builtin_model, error: [address=0.0.0.0:39951, pid=127] AsyncEngineArgs.__init__() got an unexpected keyword argument 'n_gpu_layers', elapsed time: 9 s";
    const report = diagnoseText(text);
    expect(report.findings[0]?.id).toBe('unknown-engine-arg');
    expect(report.findings[0].fixes[0].summary).toMatch(/n_gpu_layers/);
  });

  it('built-in option in underscore form → "got multiple values for keyword argument \'gpu_idx\'"', () => {
    const report = diagnoseText(
      [
        'xinference launch --model-engine vllm --model-name qwen2.5-instruct --n-gpu 2 --gpu_idx 0,1',
        "TypeError: RESTfulClient.launch_model() got multiple values for keyword argument 'gpu_idx'",
      ].join('\n'),
    );
    expect(report.findings[0]?.id, summary(report)).toBe('unknown-engine-arg');
  });

  it('"got multiple values for \'gpu_idx\'" → fix says to use the dashed built-in --gpu-idx', () => {
    const report = diagnoseText(
      [
        'xinference launch --model-engine vllm --model-name qwen2.5-instruct --n-gpu 2 --gpu_idx 0,1',
        "TypeError: RESTfulClient.launch_model() got multiple values for keyword argument 'gpu_idx'",
      ].join('\n'),
    );
    expect(report.findings[0].fixes[0].summary).toContain('--gpu-idx');
  });

  it("hard-wrapped 'unexpected keyword\\nargument'", () => {
    const text = `TypeError: ${ADDRESS} AsyncEngineArgs.__init__() got an unexpected keyword\nargument 'gpu-memory-utilization'`;
    expect(firstId(text)).toBe('unknown-engine-arg');
  });
});

describe("Xinference's own launch errors", () => {
  it('"Model X cannot be run on engine vllm." via the Python client (#2262)', () => {
    expect(
      firstId(
        'RuntimeError: Failed to launch model, detail: [address=0.0.0.0:58248, pid=3691355] Model qwen2-instruct cannot be run on engine vllm.',
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('"cannot be run on engine vllm, with format gptq, size 7 and quantization Int4."', () => {
    expect(
      firstId(
        'ValueError: [address=0.0.0.0:58248, pid=3691355] Model qwen2-instruct cannot be run on engine vllm, with format gptq, size 7 and quantization Int4.',
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('the same in the ≥2.10 log shape', () => {
    expect(
      firstId(
        '2026-08-07T18:25:43.679Z ERROR xinference.core.worker pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 [address=0.0.0.0:36797, pid=6075] Model qwen2-instruct cannot be run on engine vllm.',
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('lower-cased paste of the same', () => {
    expect(
      firstId(
        'runtimeerror: failed to launch model, detail: [address=0.0.0.0:58248, pid=3691355] model qwen2-instruct cannot be run on engine vllm.',
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('hard-wrapped "Model qwen2-instruct\\ncannot be run on engine vllm."', () => {
    expect(
      firstId(
        'RuntimeError: Failed to launch model, detail: [address=0.0.0.0:58248, pid=3691355] Model qwen2-instruct\ncannot be run on engine vllm.',
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('"Model not found, name: qwen2_5-chat, …" (#2773)', () => {
    expect(
      firstId(
        'RuntimeError: Failed to launch model, detail: [address=0.0.0.0:50410, pid=15235] Model not found, name: qwen2_5-chat, format: None, size: None, quantization: None',
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('"Failed to import module \'vllm\'"', () => {
    expect(
      firstId(
        `ImportError: ${ADDRESS} Failed to import module 'vllm'\n\nPlease make sure 'vllm' is installed. You can install it by \`pip install vllm\``,
      ),
    ).toBe('xinference-engine-unavailable');
  });

  it('"The parameter `n_gpu` must be greater than 0 …" via the web UI (#1079) → tp-exceeds-gpus', () => {
    const report = diagnoseText(
      'Server error: 400 - [address=0.0.0.0:19270, pid=2063850] The parameter `n_gpu` must be greater than 0 and not greater than the number of GPUs: 1 on the machine.',
    );
    expect(report.findings[0]?.id).toBe('tp-exceeds-gpus');
    expect(report.findings[0].facts.gpu_count).toBe(1);
  });

  it('hard-wrapped n_gpu message', () => {
    const text = hardWrap(
      'Server error: 400 - [address=0.0.0.0:19270, pid=2063850] The parameter `n_gpu` must be greater than 0 and not greater than the number of GPUs: 1 on the machine.',
    ).join('\n');
    expect(firstId(text)).toBe('tp-exceeds-gpus');
  });

  it('"Worker … cannot use the GPUs with these indexes: [2]. … can only see these GPUs: []." (#1757)', () => {
    expect(
      firstId(
        'ValueError: [address=0.0.0.0:11083, pid=11576] Worker 0.0.0.0:11083 cannot use the GPUs with these indexes: [2]. Worker 0.0.0.0:11083 can only see these GPUs: [].',
      ),
    ).toBe('tp-exceeds-gpus');
  });
});

describe('engine errors through Xinference wrappers keep their own id', () => {
  const cases: Array<[string, string, string]> = [
    [
      'kv-cache-insufficient',
      'REST log line (#3237)',
      "2025-04-12 21:57:39,467 xinference.api.restful_api 1 ERROR    [address=0.0.0.0:43423, pid=167] The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (17744). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
    ],
    [
      'kv-cache-insufficient',
      'V1 under Xinference with EngineCore prefix (#4926)',
      [
        '(EngineCore_DP0 pid=494) INFO 05-20 00:55:13 [gpu_worker.py:424] Available KV cache memory: 6.94 GiB',
        "(EngineCore_DP0 pid=494) ValueError: To serve at least one request with the models's max seq len (262144), (36.0 GiB KV cache is needed, which is larger than the available KV cache memory (6.94 GiB). Based on the available memory, the estimated maximum model length is 50512. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine. See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more details.",
        '2026-05-20 00:55:15,994 xinference.core.worker 155 ERROR    Failed to load model Qwen3-VL-Instruct-0',
      ].join('\n'),
    ],
    [
      'free-memory-below-utilization',
      'EngineCore error under Xinference (#4637)',
      '(EngineCore_DP0 pid=20600) ERROR 02-27 18:45:04 [core.py:866] ValueError: Free memory on device (1.52/23.52 GiB) on startup is less than desired GPU memory utilization (0.9, 21.16 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.',
    ],
    [
      'cuda-oom',
      'torch OOM with "capacty" typo and other process (#1361)',
      'torch.cuda.OutOfMemoryError: [address=IP:PORT, pid=35678] CUDA out of memory. Tried to allocate 508.00 MiB. GPU 0 has a total capacty of 23.53 GiB of which 329.44 MiB is free. Process 35156 has 22.14 GiB memory in use.',
    ],
    [
      'cuda-reinit-fork',
      'fork error (#2307)',
      "RuntimeError: [address=0.0.0.0:40123, pid=5511] Cannot re-initialize CUDA in forked subprocess. To use CUDA with multiprocessing, you must use the 'spawn' start method",
    ],
    [
      'tp-divisibility',
      'marlin min_thread_k via the web UI (#2853)',
      'Server error: 400 - [address=0.0.0.0:34175, pid=190427] Weight input_size_per_partition = 7392 is not divisible by min_thread_k = 128. Consider reducing tensor_parallel_size or running with --quantization gptq.',
    ],
  ];
  for (const [expected, name, text] of cases) {
    it(`${name} → ${expected}`, () => {
      const report = diagnoseText(text);
      expect(report.findings[0]?.id, summary(report)).toBe(expected);
    });
  }

  it('wrapper-only "Engine core initialization failed" under Xinference (#5302) → no finding, wrapper note', () => {
    const report = diagnoseText(
      'RuntimeError: [address=0.0.0.0:36797, pid=6075] Engine core initialization failed. See root cause above. Failed core proc(s): {}',
    );
    expect(report.findings).toEqual([]);
    expect(report.notes?.map((note) => note.id)).toContain('wrapper-only');
  });

  it('xoscar ServerClosed alone → no finding, wrapper note', () => {
    const report = diagnoseText(
      'xoscar.errors.ServerClosed: [address=0.0.0.0:22388, pid=142] Remote server unixsocket:///74448896 closed: 0 bytes read on a total of 11 expected bytes',
    );
    expect(report.findings).toEqual([]);
    expect(report.notes?.map((note) => note.id)).toContain('wrapper-only');
  });
});

describe('CLI output without a cause', () => {
  it('progress bar + "Model uid:" only → no finding but the xinference-cli-uid note', () => {
    const report = diagnoseText(
      [
        'xinference launch --model-engine vllm --model-name qwen2.5-instruct --size-in-billions 7',
        'Launching model: 100%|██████████| 1/1 [00:41<00:00, 41.2s/it]',
        'Model uid: qwen2.5-instruct',
      ].join('\n'),
    );
    expect(report.findings).toEqual([]);
    expect(report.notes?.map((note) => note.id)).toContain('xinference-cli-uid');
  });

  it('"Model uid:" alone (CRLF, from a Windows terminal) → the same note', () => {
    const report = diagnoseText('Model uid: qwen2.5-instruct\r\n');
    expect(report.findings).toEqual([]);
    expect(report.notes?.map((note) => note.id)).toContain('xinference-cli-uid');
  });
});
