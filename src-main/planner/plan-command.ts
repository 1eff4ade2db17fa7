/** `serve-doctor plan …`: plans launch settings for a model on named or detected GPUs. */
import { existsSync } from 'node:fs';
import type { CliCommand, CliIO } from '../cli/io';
import { UsageError } from '../cli/io';
import { detectGpus, type GpuReport } from '../gpu';
import { findGpu, torchMemoryGiB } from './gpu-catalog';
import { findModel, searchModels } from './model-catalog';
import { loadModelFromPath } from './model-loader';
import { planLaunch } from './plan';
import { PlanInputError } from './resolve-request';
import { formatPlan } from './format-plan';
import type { GpuChoice, ModelSpec, PlanRequest } from './types';

export interface PlanCommandDeps {
  /** GPU detection (injected so tests run without a GPU). */
  detect: () => Promise<GpuReport>;
}

const VALUE_OPTIONS = new Set([
  'model',
  'gpu',
  'gpu-memory-gib',
  'gpus',
  'tp',
  'pp',
  'gpu-memory-utilization',
  'max-model-len',
  'dtype',
  'quantization',
  'kv-cache-dtype',
  'max-num-seqs',
  'max-num-batched-tokens',
  'block-size',
  'vllm-version',
  'concurrency',
  'cpu-offload-gb',
]);
const FLAG_OPTIONS = new Set(['json', 'enforce-eager']);

function parseArgs(args: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i];
    if (!word.startsWith('--')) throw new UsageError(`unexpected argument '${word}'`);
    const eq = word.indexOf('=');
    const name = (eq > 0 ? word.slice(2, eq) : word.slice(2)).replace(/_/g, '-');
    if (FLAG_OPTIONS.has(name)) {
      options.set(name, 'true');
    } else if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? word.slice(eq + 1) : args[i + 1];
      if (value === undefined || (eq < 0 && value.startsWith('--')))
        throw new UsageError(`--${name} needs a value`);
      if (eq < 0) i += 1;
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return options;
}

function number(options: Map<string, string>, name: string, integer: boolean): number | undefined {
  const text = options.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value <= 0) {
    throw new UsageError(
      `--${name} takes a ${integer ? 'positive whole number' : 'positive number'}, not '${text}'`,
    );
  }
  return value;
}

async function resolveModel(text: string): Promise<ModelSpec> {
  const known = findModel(text);
  if (known) return known;
  if (existsSync(text)) {
    try {
      return await loadModelFromPath(text);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  const near = searchModels(text.split(/[/\\]/).pop() ?? text)
    .slice(0, 3)
    .map((m) => m.id);
  throw new UsageError(
    `unknown model '${text}' (not in the catalog, not a folder)${near.length ? `; try ${near.join(', ')}` : ''}`,
  );
}

async function gpuFromDetection(deps: PlanCommandDeps, count: number | undefined): Promise<GpuChoice> {
  const report = await deps.detect();
  const gpus = report.gpus.filter((g) => g.vendor === 'NVIDIA' || g.vendor === 'AMD');
  const first = gpus[0];
  if (!first)
    throw new UsageError('no GPU detected here; name one with --gpu <name> or --gpu-memory-gib <GiB>');
  const memoryGiB = torchMemoryGiB({ name: first.name, memoryTotalMiB: first.memoryTotalMiB });
  return { gpuId: findGpu(first.name)?.id, name: first.name, memoryGiB, count: count ?? gpus.length };
}

export function createPlanCommand(deps: PlanCommandDeps): CliCommand {
  return async (args: string[], io: CliIO): Promise<number> => {
    const options = parseArgs(args);
    const modelText = options.get('model');
    if (!modelText) throw new UsageError('--model <catalog id | model folder | config.json> is required');
    const model = await resolveModel(modelText);
    const count = number(options, 'gpus', true);
    const gpuName = options.get('gpu');
    const memory = number(options, 'gpu-memory-gib', false);
    let gpu: GpuChoice;
    if (gpuName !== undefined || memory !== undefined) {
      if (gpuName !== undefined && !findGpu(gpuName) && memory === undefined) {
        throw new UsageError(`unknown GPU '${gpuName}'; give its memory with --gpu-memory-gib`);
      }
      gpu = { gpuId: gpuName, memoryGiB: memory, count };
    } else {
      gpu = await gpuFromDetection(deps, count);
    }
    const tp = number(options, 'tp', true);
    const pp = number(options, 'pp', true);
    if (gpu.count === undefined) gpu.count = (tp ?? 1) * (pp ?? 1);
    const request: PlanRequest = {
      model,
      gpu,
      tp,
      pp,
      gpuMemoryUtilization: number(options, 'gpu-memory-utilization', false),
      maxModelLen: number(options, 'max-model-len', true),
      dtype: options.get('dtype'),
      quantization: options.get('quantization'),
      kvCacheDtype: options.get('kv-cache-dtype'),
      maxNumSeqs: number(options, 'max-num-seqs', true),
      maxNumBatchedTokens: number(options, 'max-num-batched-tokens', true),
      blockSize: number(options, 'block-size', true),
      cpuOffloadGb: number(options, 'cpu-offload-gb', false),
      enforceEager: options.has('enforce-eager') ? true : undefined,
      vllmVersion: options.get('vllm-version'),
      wantedConcurrency: number(options, 'concurrency', false),
    };
    let result;
    try {
      result = planLaunch(request);
    } catch (error) {
      if (error instanceof PlanInputError) throw new UsageError(error.message);
      throw error;
    }
    if (options.has('json')) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(formatPlan(result));
    return 0;
  };
}

export const planCommand: CliCommand = createPlanCommand({ detect: () => detectGpus() });
