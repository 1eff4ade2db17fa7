/** Every way to launch the planned settings, written at once. */
import type { ResolvedRequest } from '../resolve-request';
import type { PlanCommands, VllmSettings } from '../types';
import { writeDockerRun } from './docker-run';
import { writePythonLLM } from './python-llm';
import { writeVllmServe } from './vllm-serve';
import { writeXinferenceLaunch } from './xinference-launch';
import { writeXinferenceWebUiOptions } from './xinference-webui';

export function writeAllCommands(settings: VllmSettings, r: ResolvedRequest): PlanCommands {
  const model = settings.model ?? r.model.hfId ?? r.model.id;
  const gpus = (settings.tensor_parallel_size ?? 1) * (settings.pipeline_parallel_size ?? 1);
  return {
    vllmServe: writeVllmServe(settings, model),
    python: writePythonLLM(settings, model),
    xinferenceLaunch: writeXinferenceLaunch(settings, {
      model: r.model,
      gpuCount: settings.tensor_parallel_size ?? 1,
    }),
    xinferenceWebUi: writeXinferenceWebUiOptions(settings),
    docker: writeDockerRun(settings, model, { tag: `v${r.version}`, gpuCount: gpus }),
  };
}

export { writeVllmServe, parseVllmServe } from './vllm-serve';
export { writePythonLLM, parsePythonLLM } from './python-llm';
export { writeXinferenceLaunch, parseXinferenceLaunch } from './xinference-launch';
export { writeXinferenceWebUiOptions, parseXinferenceWebUiOptions } from './xinference-webui';
export { writeDockerRun, parseDockerRun } from './docker-run';
