/**
 * Which lines of a log the engine looks at.
 *
 * The engine never needs every line: it needs the lines that carry start-up numbers ("fact
 * lines") and the lines that look like trouble ("error candidates"), each error candidate with a
 * bounded window of context around it. Both the in-memory path and the streaming path select
 * lines with these patterns, so a fast reader may skip every line that is not within
 * CONTEXT_BEFORE / CONTEXT_AFTER lines of a line matching CANDIDATE_PATTERN and still get the
 * same report.
 */

/** Lines before an error candidate that the rules see. */
export const CONTEXT_BEFORE = 3;
/** Lines after a candidate that the rules see (a message hard-wrapped at 60–80 columns continues here). */
export const CONTEXT_AFTER = 6;

/**
 * Words of trouble. Kept as plain alternatives (no nested quantifiers) so that a DFA tool such as
 * `grep -E -i` can run the same set, and matched case-insensitively because pastes are
 * sometimes lower-cased.
 */
export const ERROR_WORDS: readonly string[] = [
  'error',
  'exception',
  'traceback',
  // Traceback frames: the phase of a failure and cut-off errors are read from them.
  'file "',
  'fail',
  'cannot',
  "can't",
  'could not',
  'unable to',
  'not supported',
  'unsupported',
  'not support',
  'out of memory',
  'outofmemory',
  'died',
  'killed',
  'no kernel image',
  'divisible',
  'unrecognized',
  'unexpected keyword',
  'invalid',
  'not found',
  'no such file',
  'errno',
  'address already in use',
  'max seq len',
  'maximum context length',
  'maximum model length',
  'maximum allowed length',
  'exceeds',
  'too long',
  'too short',
  'too old',
  'too large',
  'too small',
  'is smaller than',
  'is larger than',
  'is greater than',
  'no available',
  'not enough',
  'insufficient',
  'is less than',
  'cache blocks',
  'capability',
  'trust_remote_code',
  'gated repo',
  'ninja',
  'cuda_home',
  'nccl',
  'shm',
  'placement group',
  'forked',
  'spawn',
  'captur',
  'starting to load model',
  'loading safetensors',
  'loading pt checkpoint',
  'model loading took',
  'loading model weights took',
  'cudagraph',
  'cuda graph',
  'warming up',
  'dummy',
  'profil',
  'load_model',
  'load_weights',
  'model_loader',
  'allocate',
  'mem-fraction',
  'mem_fraction',
  'cache_max_entry_count',
  'turbomind',
  'kvcache_space',
  'available kv cache memory: -',
  'kv cache is -',
  'reserved for kv',
  'kv_cache_size=-',
  'blocks: 0,',
  'limit_mm_per_prompt',
  'limit-mm-per-prompt',
  'multi-modal',
  'multimodal',
  'encoder cache',
  'flashattention',
  'flash_attn',
  'attention backend',
  'xformers',
  'quantization',
  'bfloat16',
  'driver',
  'libcuda',
  'model uid',
];

/** Start-up lines that carry numbers the fixes need (engine, version, settings, memory). */
export const FACT_WORDS: readonly string[] = [
  'initializing',
  'version',
  'non-default args',
  'args: namespace',
  'with following model config',
  'with kwargs',
  'max_seq_len',
  'max_model_len',
  'max model len',
  'gpu blocks',
  'cuda blocks',
  'num_gpu_blocks',
  'kv cache size',
  'kv cache memory',
  'maximum concurrency',
  'model weights',
  'model loading took',
  'total_gpu_memory',
  'memory profiling',
  'gpu_memory_utilization',
  'gpu-memory-utilization',
  'tensor_parallel_size',
  'tensor-parallel-size',
  'max-model-len',
  'vllm serve',
  'api_server',
  'launch_server',
  'xinference launch',
  'detected platform',
  'using device',
  'chunked prefill',
  'encoder cache',
  'auto-fit',
  'graph capturing',
  'v1 engine',
  'v0 engine',
  'vllm_use_v1',
  'loading model',
  'starting to load',
  'kvcache_space',
  'session_len',
  'cache_max_entry_count',
  'engineconfig(',
];

function escapeForRegex(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation of the given words, usable by JavaScript and by `grep -E -i`. */
export function alternation(words: readonly string[]): string {
  return words.map(escapeForRegex).join('|');
}

export const ERROR_SOURCE = alternation(ERROR_WORDS);
export const FACT_SOURCE = alternation(FACT_WORDS);
/** Every line the engine may look at matches this (case-insensitive). */
export const CANDIDATE_SOURCE = `${ERROR_SOURCE}|${FACT_SOURCE}`;

export const ERROR_PATTERN = new RegExp(ERROR_SOURCE, 'i');
export const FACT_PATTERN = new RegExp(FACT_SOURCE, 'i');
export const CANDIDATE_PATTERN = new RegExp(CANDIDATE_SOURCE, 'i');

/** Longest line the rules match against; longer lines are cut (not dropped). */
export const MAX_LINE_CHARS = 1 << 20;
