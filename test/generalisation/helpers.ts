/**
 * Helpers for the generalisation suite: turn the research catalog's message templates into
 * concrete messages, and wrap a message in the shapes real pasted logs have.
 */
import templatesData from './data/vllm-messages.json';
import type { DiagnosisReport } from '../../src-main/diagnosis';

export interface MessageTemplate {
  id: string;
  diagnosis: string;
  template: string;
  regex: string;
  engine: string;
  versions: string;
}

export const TEMPLATES: readonly MessageTemplate[] = templatesData as MessageTemplate[];

type Value = string | number;

/**
 * Plausible values for every placeholder, consistent with what each message means (KV tokens below
 * max_model_len, free memory below the request, GiB amounts that are not whole numbers, …).
 */
const DEFAULTS: Record<string, Value> = {
  max_model_len: 32768,
  max_seq_len: 17744,
  needed_gb: 4.38,
  needed_gib: 4.38,
  available_gb: 2.71,
  available_gib: 2.71,
  estimated_max_len: 20272,
  num_tokens: 40960,
  num_lookahead_slots: 0,
  weights_gib: 14.99,
  non_torch_gib: 0.16,
  activation_gib: 9.21,
  kv_cache_gib: -0.62,
  total_gib: 23.58,
  initial_gib: 0.33,
  peak_torch_gib: 24.02,
  post_gib: 15.21,
  gpu_memory_utilization: 0.9,
  device_name: 'cuda',
  num_gpu_blocks: 0,
  num_cpu_blocks: 2048,
  max_len_key: 'max_position_embeddings',
  derived_max_model_len: 8192,
  model_max_length: 8192,
  max_num_batched_tokens: 2048,
  max_num_seqs: 256,
  max_tokens_per_mm_item: 16384,
  prompt_limit: 32768,
  prompt_len: 40960,
  prompt_type: 'decoder',
  suggestion: 'Make sure that `max_model_len` is no smaller than the number of text tokens.',
  total_tokens: 36864,
  prompt_tokens: 32768,
  max_tokens: 4096,
  operation: 'embedding generation',
  max_input_tokens: 28672,
  device: 'cuda:0',
  free_gib: 1.52,
  requested_gib: 21.16,
  initial_free_bytes: 23178772480,
  current_free_bytes: 23911710720,
  initial_used_bytes: 2148532224,
  current_used_bytes: 1415593984,
  initial_free_gib: 21.59,
  current_free_gib: 22.27,
  gpu_name: 'Tesla T4',
  compute_str: 'has compute capability 7.5',
  total_num_attention_heads: 28,
  tensor_parallel_size: 3,
  total_num_hidden_layers: 61,
  pipeline_parallel_size: 2,
  numerator: 14336,
  denominator: 3,
  output_size_per_partition: 7392,
  min_thread_n: 64,
  output_partition_size: 1184,
  block_n: 128,
  placement_group_specs: "[{'GPU': 1.0, 'node:10.0.0.5': 0.001}, {'GPU': 1.0}, {'GPU': 1.0}, {'GPU': 1.0}]",
  timeout: 1800,
  node_id: '3f1c2a9be0d44c6e9a1b7f85d2c4e6a8b0f1d3c5e7a9b2c4d6e8f0a1',
  pg_id: 'PlacementGroupID(5b8d9e0f1a2b3c4d5e6f7a8b9c0d01000000)',
  bundles: "{0: ['GPU'], 1: ['GPU']}",
  world_size: 4,
  available_gpus: 2,
  cuda_device_count: 2,
  gpu_count: 2,
  quantization: 'gptq',
  supported_quantization:
    "['aqlm', 'awq', 'deepspeedfp', 'fp8', 'marlin', 'gptq_marlin', 'gptq', 'squeezellm', 'bitsandbytes']",
  quant_method: 'awq',
  min_capability: 75,
  capability: 70,
  dtype: 'torch.bfloat16',
  supported_dtypes: '[torch.float16]',
  prog: 'api_server.py',
  args: '--max-model-length 8192',
  option: '--max-model',
  matches: '--max-model-len, --max-model-impl',
  argument: '--dtype',
  value: 'bfloat',
  choices: "'auto', 'half', 'float16', 'bfloat16', 'float', 'float32'",
  cls: 'AsyncEngineArgs',
  name: 'num_scheduler_steps',
  model: '/models/Qwen2.5-7B-Instruct',
  url: 'https://hf.co/microsoft/Phi-3-small-128k-instruct',
  num_reqs: 256,
  error: 'CUDA out of memory. Tried to allocate 896.00 MiB.',
  alloc: 224.0,
  unit: 'MiB',
  gpu: 0,
  free: 41.06,
  pid: 3911,
  used: 23.6,
  proc_used: 23.6,
  allocated: 22.81,
  reserved: 301.53,
  alloc_mib: 224.0,
  allocated_gib: 22.81,
  free_mib: 41.06,
  reserved_gib: 23.12,
  error_str: 'unhandled system error (run with NCCL_DEBUG=INFO for details)',
  file: '../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp',
  line: 1970,
  reason: 'unhandled cuda error',
  version: '2.20.5',
  id: '5f3c2a9b',
  size: 9637888,
  cc: 120,
  arch_list: 'sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90',
  driver_version: 11040,
  code: 804,
  message: 'forward compatibility was attempted on non supported HW',
  config: 'head_size: 256, dtype: torch.float16, kv_cache_dtype: auto, block_size: 16, use_mla: False',
  reasons: '{FLASH_ATTN: [compute capability not supported], FLASHINFER: [head_size not supported]}',
  path: '/data/models/qwen',
  port: 5570,
  b: 'false',
  limit: 1,
  modality: 'image',
  num_items: 4,
  seq_len: 320,
  total_len: 1436,
  mm_tokens: 1280,
  kv_cache_space_gib: 61.5,
  kv_cache_space: -4,
  numa_node: 0,
  ninja_output: "FAILED: sampling/sampling.cuda.o\nnvcc fatal   : Unsupported gpu architecture 'compute_120'",
  build_dir: '/root/.cache/flashinfer/90/cached_ops/sampling',
};

/** Values that differ per template (so that each message stays self-consistent). */
const OVERRIDES: Record<string, Record<string, Value>> = {
  'v1-kv-cache-needed-estimated-max-len': {
    needed_gib: 16.0,
    available_gib: 9.52,
    max_model_len: 131072,
    estimated_max_len: 77984,
  },
  'v0-prompt-exceeds-block-manager-capacity': { num_tokens: 40960, num_lookahead_slots: 0 },
  'v0-memory-profiling-negative-kv': { kv_cache_gib: -0.62 },
  'v1-available-kv-cache-memory-negative': { kv_cache_gib: -1.27 },
  'max-num-batched-tokens-lt-max-num-seqs': { max_num_batched_tokens: 128, max_num_seqs: 256 },
  'mm-item-larger-than-max-num-batched-tokens': { max_num_batched_tokens: 8192 },
  'openai-context-length-messages-only': { prompt_tokens: 40960 },
  'openai-context-length-input-for-operation': { prompt_tokens: 40960 },
  'openai-context-length-request-has-input-tokens': { prompt_tokens: 40960 },
  'openai-max-tokens-too-large': { max_tokens: 4096, prompt_tokens: 30000 },
  'openai-you-passed-input-tokens': { prompt_tokens: 30000, max_tokens: 4096, max_input_tokens: 28672 },
  'openai-context-length-output-and-prompt': { prompt_tokens: 30000, max_tokens: 4096, total_tokens: 34096 },
  'cpu-node-memory-less-than-kv-request': { available_gib: 12.4, total_gib: 62.7, requested_gib: 64 },
  'argparse-unrecognized-arguments': { prog: 'api_server.py' },
  'argparse-ambiguous-option': { prog: 'vllm serve' },
  'argparse-invalid-choice': { prog: 'vllm serve' },
  'dtype-not-supported-for-quantization': { quantization: 'gptq' },
  'quantization-not-supported-on-platform': { quantization: 'bitsandbytes', device_name: 'ROCm' },
  'quantization-capability-too-low': { quantization: 'awq' },
  'quantization-method-deprecated': { quantization: 'deepspeedfp' },
  'quantization-config-file-missing': { quantization: 'gptq' },
  'invalid-attention-backend': { device_name: 'cuda' },
  'no-valid-attention-backend': { device_name: 'cuda' },
  'hf-requires-execute-configuration-file': { model: 'microsoft/Phi-3-small-128k-instruct' },
  'hf-contains-custom-code': { model: 'microsoft/Phi-3-small-128k-instruct' },
  'hf-gated-or-unauthorized': {
    url: 'https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/resolve/main/config.json',
  },
  'hf-not-a-valid-model-identifier': { model: 'Qwen/Qwen2.5-7B-Instruc' },
  'hf-offline-not-cached': { model: 'meta-llama/Meta-Llama-3-8B-Instruct' },
  'vllm-c-import-failed': {},
  'nccl-shm-segment-failure': {},
};

/** Python's `repr()` of a string, near enough for log text. */
function pythonRepr(value: Value): string {
  return typeof value === 'number' ? String(value) : `'${value}'`;
}

function formatValue(value: Value, spec: string | undefined): string {
  const fixed = spec ? /^\.(\d+)f$/.exec(spec) : null;
  if (fixed && typeof value === 'number') return value.toFixed(Number(fixed[1]));
  return String(value);
}

/** A `{name}` / `{name:.2f}` / `{name!r}` placeholder. */
const PLACEHOLDER = /\{(\w+)(?:!(r))?(?::([^{}]+))?\}/g;

/** The concrete message for a template, with the exception class it is raised as. */
export function instantiate(template: MessageTemplate): string {
  const overrides = OVERRIDES[template.id] ?? {};
  // torch prints the bracketed "Process … in use." part only when it knows other processes.
  let text = template.template.replace(/\[(Process \{pid\}[^\]]*)\]/, '$1');
  if (template.id === 'vllm-c-import-failed') {
    return text.replace(
      '{error!r}',
      "ImportError('libcudart.so.12: cannot open shared object file: No such file or directory')",
    );
  }
  text = text.replace(PLACEHOLDER, (whole, name: string, conversion: string | undefined, spec?: string) => {
    const value = overrides[name] ?? DEFAULTS[name];
    if (value === undefined) throw new Error(`no value for placeholder ${whole} in ${template.id}`);
    return conversion === 'r' ? pythonRepr(value) : formatValue(value, spec);
  });
  return text;
}

/** The exception class a message is raised as (when the template does not already name one). */
const RAISED_AS: Record<string, string> = {
  'torch-cuda-oom': 'torch.OutOfMemoryError',
  'torch-cuda-oom-legacy': 'torch.cuda.OutOfMemoryError',
  'cuda-runtime-out-of-memory': 'RuntimeError',
  'sampler-warmup-oom': 'RuntimeError',
  'weights-load-oom': 'RuntimeError',
  'vllm-pynccl-error': 'RuntimeError',
  'torch-nccl-dist-backend-error': 'torch.distributed.DistBackendError',
  'no-kernel-image': 'RuntimeError',
  'torch-driver-too-old': 'RuntimeError',
  'torch-cuda-get-device-count-error': 'RuntimeError',
  'cuda-insufficient-driver': 'RuntimeError',
  'torch-cannot-reinit-cuda-forked': 'RuntimeError',
  'hf-gated-or-unauthorized': 'huggingface_hub.errors.GatedRepoError: 401 Client Error.',
  'hf-offline-not-cached': 'OSError',
  'hf-not-a-valid-model-identifier': 'OSError',
  'hf-repo-id-validation': 'huggingface_hub.errors.HFValidationError',
  'ray-cannot-provide-placement-group': 'ValueError',
  'unable-to-load-ray': 'ValueError',
  'ensure-divisibility-assert': '',
  'flash-attn-needs-ampere': 'RuntimeError',
  'mp-tp-exceeds-local-gpus': 'AssertionError',
  'vllm-c-import-failed': '',
};

/** Messages vLLM logs as INFO / WARNING lines rather than raising. */
const LOGGED_AS: Record<string, string> = {
  'v0-memory-profiling-negative-kv': 'INFO',
  'v0-memory-profiling-results-negative-kv': 'INFO',
  'zero-gpu-blocks': 'INFO',
  'v1-available-kv-cache-memory-negative': 'INFO',
  'max-model-len-gt-derived': 'WARNING',
  'ray-tp-exceeds-available-gpus-warning': 'WARNING',
  'mm-profiling-seq-len-too-short': 'WARNING',
  'cpu-kvcache-space-default-4': 'WARNING',
  'cpu-kvcache-space-auto': 'WARNING',
  'quantization-method-deprecated': 'WARNING',
  'vllm-c-import-failed': 'WARNING',
  'nccl-shm-segment-failure': 'WARNING',
};

/** The message as its first log line shows it after the level prefix: `ValueError: …` or the bare line. */
export function asRaised(template: MessageTemplate, message: string): string {
  if (LOGGED_AS[template.id]) return message;
  if (/^[\w.]+(?:Error|Exception|Exit):/.test(message)) return message;
  const cls = RAISED_AS[template.id] ?? 'ValueError';
  if (cls === '') return message;
  return cls.includes(':') ? `${cls} ${message}` : `${cls}: ${message}`;
}

export function levelOf(template: MessageTemplate): string {
  return LOGGED_AS[template.id] ?? 'ERROR';
}

export interface LogShape {
  name: string;
  build(raised: string, message: string, level: string): string;
}

const XINF_ADDRESS = '[address=0.0.0.0:43423, pid=167]';
const V1_WRAPPERS = [
  '(EngineCore_DP0 pid=1234) Process EngineCore_DP0:',
  'RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}',
  'ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task.',
];

/** Prefixes the first line with `first` and each further line of a multi-line message with `rest`. */
function prefixLines(text: string, first: string, rest: string): string[] {
  return text.split('\n').map((line, index) => (index === 0 ? first : rest) + line);
}

/** Hard wrap at spaces, as GitHub issue pastes and terminals with `fold -s` do. */
export function hardWrap(line: string, width = 80): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  out.push(current);
  return out;
}

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/openai/api_server.py", line 1952, in <module>',
  '    uvloop.run(run_server(args))',
  '  File "/usr/local/lib/python3.12/dist-packages/uvloop/__init__.py", line 109, in run',
  '    return __asyncio.run(',
  '           ^^^^^^^^^^^^^^',
  '  File "/usr/lib/python3.12/asyncio/runners.py", line 195, in run',
  '    return runner.run(main)',
  '  File "/usr/local/lib/python3.12/dist-packages/vllm/engine/arg_utils.py", line 1204, in create_engine_config',
  '    config = VllmConfig(',
  '             ^^^^^^^^^^^',
];

export const SHAPES: readonly LogShape[] = [
  { name: 'bare', build: (raised) => raised },
  {
    name: 'v0-prefix',
    build: (raised, _message, level) =>
      prefixLines(raised, `${level} 05-08 21:27:27 engine.py:366] `, '').join('\n'),
  },
  {
    name: 'v1-enginecore+wrappers',
    build: (raised, _message, level) =>
      [
        ...prefixLines(
          raised,
          `(EngineCore_DP0 pid=1234) ${level} 11-18 13:44:09 [core.py:842] `,
          '(EngineCore_DP0 pid=1234) ',
        ),
        ...V1_WRAPPERS,
      ].join('\n'),
  },
  {
    name: 'vllmworker-4-ranks',
    build: (raised, _message, level) =>
      [0, 1, 2, 3]
        .flatMap((rank) =>
          prefixLines(
            raised,
            `(VllmWorker rank=${rank} pid=${4100 + rank}) ${level} 03-16 06:12:38 [multiproc_executor.py:375] `,
            `(VllmWorker rank=${rank} pid=${4100 + rank}) `,
          ),
        )
        .join('\n'),
  },
  {
    name: 'xinference-server-log',
    build: (_raised, message) =>
      prefixLines(
        message,
        `2025-04-12 21:57:39,467 xinference.core.worker 1 ERROR    ${XINF_ADDRESS} `,
        '',
      ).join('\n'),
  },
  {
    name: 'xinference-client',
    build: (_raised, message) =>
      prefixLines(message, `RuntimeError: Failed to launch model, detail: ${XINF_ADDRESS} `, '').join('\n'),
  },
  {
    name: 'xinference-webui',
    build: (_raised, message) => prefixLines(message, `Server error: 400 - ${XINF_ADDRESS} `, '').join('\n'),
  },
  {
    name: 'lower-cased',
    build: (raised, _message, level) =>
      prefixLines(raised, `${level} 05-08 21:27:27 engine.py:366] `, '').join('\n').toLowerCase(),
  },
  {
    name: 'hard-wrapped-80',
    build: (raised, _message, level) =>
      prefixLines(raised, `${level} 05-08 21:27:27 [core.py:842] `, '')
        .flatMap((line) => hardWrap(line))
        .join('\n'),
  },
  {
    name: 'crlf',
    build: (raised, _message, level) =>
      [
        ...prefixLines(
          raised,
          `(EngineCore_DP0 pid=1234) ${level} 11-18 13:44:09 [core.py:842] `,
          '(EngineCore_DP0 pid=1234) ',
        ),
        ...V1_WRAPPERS,
      ].join('\r\n') + '\r\n',
  },
  {
    name: 'ansi-colour',
    build: (raised, _message, level) =>
      prefixLines(
        raised,
        `\x1b[1;36m(EngineCore_DP0 pid=1234)\x1b[0;0m \x1b[1;31m${level}\x1b[0m 11-18 13:44:09 [core.py:842] `,
        '\x1b[1;36m(EngineCore_DP0 pid=1234)\x1b[0;0m ',
      ).join('\n'),
  },
  {
    name: 'after-traceback',
    build: (raised) => [...TRACEBACK, raised].join('\n'),
  },
  {
    name: 'xinference-2.10-log',
    build: (_raised, message, level) =>
      prefixLines(
        message,
        `2026-08-07T18:25:43.679Z ${level} xinference.core.worker pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 ${XINF_ADDRESS} `,
        '',
      ).join('\n'),
  },
  {
    name: 'docker-compose',
    build: (raised, _message, level) =>
      prefixLines(
        raised,
        `vllm-openai-1  | ${level} 05-08 21:27:27 [core.py:842] `,
        'vllm-openai-1  | ',
      ).join('\n'),
  },
  {
    name: 'torch-rank-prefix',
    build: (raised) => prefixLines(raised, '[rank1]: ', '[rank1]: ').join('\n'),
  },
  {
    name: 'worker-wrapped-60',
    build: (raised, _message, level) =>
      prefixLines(
        raised,
        `(VllmWorker rank=2 pid=4102) ${level} 03-16 06:12:38 [multiproc_executor.py:375] `,
        '',
      )
        .flatMap((line) => hardWrap(line, 60))
        .join('\n'),
  },
];

/** Lower case, one space for any run of white space. */
function flat(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether a line of the input carries part of the message: three consecutive words of the message,
 * or (for a hard-wrapped message) a line that ends with the message's first words or starts with
 * its last words, or a short line that is wholly inside the message.
 */
export function carriesMessage(line: string, message: string): boolean {
  const haystack = flat(line);
  const flatMessage = flat(message);
  const words = flatMessage.split(' ');
  const size = Math.min(3, words.length);
  for (let i = 0; i + size <= words.length; i += 1) {
    if (haystack.includes(words.slice(i, i + size).join(' '))) return true;
  }
  for (let count = 1; count < size; count += 1) {
    if (haystack.endsWith(words.slice(0, count).join(' '))) return true;
    if (haystack.startsWith(words.slice(words.length - count).join(' '))) return true;
  }
  return haystack.length > 0 && flatMessage.includes(haystack);
}

/** The 1-based lines of `text` as the engine numbers them (CRLF is one line break). */
export function inputLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Problems with the evidence of a report, as readable strings (empty when all is well). */
export function evidenceProblems(report: DiagnosisReport, text: string, message: string): string[] {
  const lines = inputLines(text);
  const problems: string[] = [];
  for (const finding of report.findings) {
    if (finding.confidence >= 0.8 && finding.evidence.length === 0) {
      problems.push(`${finding.id} at ${finding.confidence} has no evidence`);
    }
    for (const evidence of finding.evidence) {
      const line = lines[evidence.line - 1];
      if (line === undefined) {
        problems.push(`${finding.id} evidence line ${evidence.line} is past the end (${lines.length} lines)`);
      } else if (!carriesMessage(line, message)) {
        problems.push(
          `${finding.id} evidence line ${evidence.line} does not carry the message: ${line.slice(0, 100)}`,
        );
      }
    }
  }
  return problems;
}

/** `id@confidence` of every finding, for failure messages. */
export function summary(report: DiagnosisReport): string {
  return report.findings.map((finding) => `${finding.id}@${finding.confidence}`).join(', ') || '(none)';
}
