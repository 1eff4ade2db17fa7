/** The planner's public API: what the diagnosis engine, the UI (over IPC) and the CLI call. */
export { planLaunch } from './plan';
export { findModel, searchModels, listModels } from './model-catalog';
export { loadModelFromPath } from './model-loader';
export { specFromHfConfig, derivedMaxModelLen, quantizationOf, type HfConfig } from './model-config';
export { findGpu, listGpus, torchMemoryGiB } from './gpu-catalog';
export { paramCount, activeParamCount, paramBreakdown } from './param-count';
export { kvBytesPerToken, type KvOptions } from './kv-cache';
export { maxModelLenThatFits, type FitQuestion } from './max-model-len';
export {
  writeVllmServe,
  parseVllmServe,
  writePythonLLM,
  parsePythonLLM,
  writeXinferenceLaunch,
  parseXinferenceLaunch,
  writeXinferenceWebUiOptions,
  parseXinferenceWebUiOptions,
  writeDockerRun,
  parseDockerRun,
} from './writers';
export { checkFlags, type CheckFlagsOptions } from './flags/check-flags';
export { ARG_TABLE_VLLM_VERSION } from './flags/arg-table';
export { NEWEST_KNOWN_VLLM, supportsMaxModelLenAuto } from './vllm-version';
export { PlanInputError } from './resolve-request';
export type * from './types';
