import { describe, expect, it } from 'vitest';
import { DiagnosisSession, diagnoseText } from '../../src-main/diagnosis';
import { formatReport } from '../../src-main/cli/report-format';
import { planFromLog } from '../../src-main/diagnosis/planner-bridge';
import { billionsFromName } from '../../src-main/diagnosis/weights-size';

const V1_KV =
  "(EngineCore_DP0 pid=5) ERROR 11-18 13:44:09 [core.py:842] ValueError: To serve at least one request with the models's max seq len (131072), (16.00 GiB KV cache is needed, which is larger than the available KV cache memory (9.52 GiB). Based on the available memory, the estimated maximum model length is 77984. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.";

describe('engine', () => {
  it('ranks the cause above the generic wrapper printed after it', () => {
    const text = [
      "INFO 11-18 13:40:00 [core.py:61] Initializing a V1 LLM engine (v0.9.2) with config: model='m', max_seq_len=131072, tensor_parallel_size=1",
      V1_KV,
      '(EngineCore_DP0 pid=5) Process EngineCore_DP0:',
      'RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}',
      'ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task.',
    ].join('\n');
    const report = diagnoseText(text);
    expect(report.findings[0].id).toBe('kv-cache-insufficient');
    expect(report.findings[0].evidence[0].line).toBe(2);
    expect(report.findings[0].facts).toMatchObject({ max_model_len: 131072, estimated_max_model_len: 77984 });
    expect(report.findings[0].fixes[0].settings).toEqual({ max_model_len: 77984 });
    expect(report.findings[0].fixes[0].commands?.['vllm-cli']).toContain('--max-model-len 77984');
    expect(report.findings[0].fixes[0].commands?.['vllm-python']).toContain('max_model_len=77984');
  });

  it('collapses the same traceback printed by every rank into one piece of evidence', () => {
    const lines = [0, 1, 2, 3, 4, 5, 6, 7].map(
      (rank) =>
        `(VllmWorker rank=${rank} pid=${100 + rank}) ERROR 03-16 06:12:38 [multiproc_executor.py:375] RuntimeError: CUDA out of memory occurred when warming up sampler with 1024 dummy requests. Please try lowering \`max_num_seqs\` or \`gpu_memory_utilization\` when initializing the engine.`,
    );
    const report = diagnoseText(lines.join('\n'));
    expect(report.findings[0].id).toBe('cuda-oom-warmup');
    expect(report.findings[0].evidence).toHaveLength(1);
    expect(report.findings[0].evidence[0]).toMatchObject({ line: 1, repeats: 7 });
    expect(report.findings[0].facts.tensor_parallel_size).toBe(8);
  });

  it('speaks Xinference for an Xinference log', () => {
    const text = [
      'xinference launch --model-engine vllm --model-name qwen2.5-instruct --max-model-len 18080',
      "TypeError: [address=0.0.0.0:41234, pid=77] AsyncEngineArgs.__init__() got an unexpected keyword argument 'max-model-len'",
    ].join('\n');
    const report = diagnoseText(text);
    expect(report.facts.engine).toBe('xinference');
    const finding = report.findings[0];
    expect(finding.id).toBe('unknown-engine-arg');
    expect(finding.fixes[0].settings).toEqual({ max_model_len: 18080 });
    expect(finding.fixes[0].commands?.['xinference-cli']).toContain('--max_model_len 18080');
    expect(finding.fixes[0].commands?.['xinference-cli']).not.toContain('--max-model-len');
  });

  it("uses the planner's table of renamed arguments for names the rule does not know", () => {
    const report = diagnoseText(
      "TypeError: EngineArgs.__init__() got an unexpected keyword argument 'max_batch_tokens'",
    );
    expect(report.findings[0].id).toBe('unknown-engine-arg');
    expect(Object.keys(report.findings[0].fixes[0].settings)).toEqual(['max_num_batched_tokens']);
  });

  it('recognises Xinference client fronts around an engine error', () => {
    const cli = diagnoseText(
      'RuntimeError: Failed to launch model, detail: [address=0.0.0.0:50410, pid=15235] Model qwen-chat cannot be run on engine vllm.',
    );
    expect(cli.findings[0].id).toBe('xinference-engine-unavailable');
    const web = diagnoseText(
      "Server error: 400 - [address=0.0.0.0:36042, pid=294316] The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (17744). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
    );
    expect(web.findings[0].id).toBe('kv-cache-insufficient');
    expect(web.facts.engine).toBe('xinference');
    expect(web.findings[0].fixes[0].commands?.['xinference-cli']).toContain('--max_model_len 17744');
  });

  it('says nothing known was found and shows the error lines of an unknown log', () => {
    const text = [
      'INFO starting',
      'Traceback (most recent call last):',
      '  File "app.py", line 3, in <module>',
      "KeyError: 'tokenizer_class'",
    ].join('\n');
    const report = diagnoseText(text);
    expect(report.findings).toEqual([]);
    expect(report.errorLines.map((line) => line.line)).toContain(4);
    expect(formatReport(report)).toContain('No known problem was found');
  });

  it('gives the same report line by line with gaps outside the windows', () => {
    const filler = Array.from(
      { length: 50 },
      (_, i) => `INFO 01-01 00:00:${String(i % 60).padStart(2, '0')} [x.py:1] step ${i}`,
    );
    const all = [...filler, V1_KV, ...filler];
    const whole = diagnoseText(all.join('\n'));
    const session = new DiagnosisSession();
    session.pushLine(48, filler[47]);
    session.pushLine(49, filler[48]);
    session.pushLine(50, filler[49]);
    session.pushLine(51, V1_KV);
    session.pushLine(52, filler[0]);
    const sparse = session.finish({ lines: all.length, bytes: whole.stats.bytes });
    expect({ ...sparse, stats: { ...sparse.stats, millis: 0 } }).toEqual({
      ...whole,
      stats: { ...whole.stats, millis: 0 },
    });
  });

  it('notes a paste that holds only the generic wrapper, and Xinference CLI output', () => {
    const wrapper = diagnoseText(
      'RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}',
    );
    expect(wrapper.findings).toEqual([]);
    expect(wrapper.notes?.map((note) => note.id)).toEqual(['wrapper-only']);
    const cli = diagnoseText(
      'Launch model name: qwen2.5-instruct with kwargs: {}\nModel uid: qwen2.5-instruct',
    );
    expect(cli.notes?.map((note) => note.id)).toContain('xinference-cli-uid');
  });

  it('keeps a bounded view of a log full of error-looking lines and still finds the cause at the end', () => {
    const noise = Array.from(
      { length: 40_000 },
      (_, i) => `WARNING 01-01 00:00:00 [x.py:1] request ${i} failed: client disconnected`,
    );
    const report = diagnoseText([...noise, V1_KV].join('\n'));
    expect(report.findings[0].id).toBe('kv-cache-insufficient');
    expect(report.findings[0].evidence[0].line).toBe(40_001);
    expect(report.stats.lines).toBe(40_001);
  });

  it('counts lines of empty, CRLF and CR text right', () => {
    expect(diagnoseText('').stats.lines).toBe(0);
    expect(diagnoseText('a\r\nb\r\n').stats.lines).toBe(2);
    expect(diagnoseText('a\rb\rc').stats.lines).toBe(3);
  });
});

describe('fixes that use the planner', () => {
  it('plans from the log when the model is in the catalog and the GPU memory is known', () => {
    const report = diagnoseText(
      [
        "INFO 05-20 00:55:13 [core.py:61] Initializing a V1 LLM engine (v0.8.4) with config: model='Qwen/Qwen2.5-7B-Instruct', dtype=torch.bfloat16, max_seq_len=131072, tensor_parallel_size=1",
        'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.55 GiB of which 1.20 GiB is free.',
      ].join('\n'),
    );
    const plan = planFromLog(report.facts);
    expect(plan?.model.id).toBe('qwen2.5-7b-instruct');
    expect(plan?.gpu.memoryGiB).toBe(23.55);
    expect(plan?.maxModelLenThatFits).toBeGreaterThan(4096);
    expect(plan?.maxModelLenThatFits).toBeLessThan(131072);
    expect(planFromLog({ ...report.facts, model: 'some/unknown-model' })).toBeUndefined();
  });

  it('names the tensor-parallel size whose weights fit when loading runs out of memory', () => {
    const text = [
      'vllm serve meta-llama/Llama-3.1-70B-Instruct --max-model-len 8192',
      'INFO 05-20 00:55:13 [gpu_model_runner.py:1] Starting to load model meta-llama/Llama-3.1-70B-Instruct...',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/site-packages/vllm/v1/worker/gpu_model_runner.py", line 1, in load_model',
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 896.00 MiB. GPU 0 has a total capacity of 79.18 GiB of which 512.00 MiB is free.',
    ].join('\n');
    const report = diagnoseText(text);
    expect(report.findings[0].id).toBe('cuda-oom-weights');
    expect(report.findings[0].fixes[0].settings.tensor_parallel_size).toBe(2);
    expect(report.findings[0].fixes[0].summary).toContain('GiB of weights per GPU');
  });
});

describe('weights that cannot fit', () => {
  it('reads parameter counts from model names', () => {
    expect(billionsFromName('qwen/Qwen1.5-72B-Chat')).toBe(72);
    expect(billionsFromName('Qwen3-30B-A3B')).toBe(30);
    expect(billionsFromName('facebook/opt-125m')).toBe(0.125);
    expect(billionsFromName('my-model')).toBeUndefined();
  });

  it('calls an OOM without stack frames a weights OOM when the weights alone exceed the GPU', () => {
    const oom =
      'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 384.00 MiB. GPU 0 has a total capacty of 79.33 GiB of which 100.00 MiB is free.';
    const big = diagnoseText(['vllm serve qwen/Qwen1.5-72B-Chat --max-model-len 8192', oom].join('\n'));
    expect(big.findings[0].id).toBe('cuda-oom-weights');
    expect(big.findings[0].facts.estimated_weights_gib).toBeGreaterThan(100);
    const split = diagnoseText(['vllm serve qwen/Qwen1.5-72B-Chat --tensor-parallel-size 4', oom].join('\n'));
    expect(split.findings[0].id).toBe('cuda-oom');
  });
});
