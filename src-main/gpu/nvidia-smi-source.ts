import { runCommand, type CommandOutcome } from './run-command';
import {
  COMPUTE_APP_FIELDS,
  GPU_QUERY_FIELDS,
  OPTIONAL_GPU_FIELDS,
  USAGE_QUERY_FIELDS,
  parseComputeApps,
  parseGpuQuery,
  type NvidiaComputeApp,
  type NvidiaGpuRow,
} from './nvidia-csv';
import { parseNvidiaVersions, type NvidiaVersions } from './nvidia-header';
import { classifyNvidiaSmiFailure, rejectedQueryField, type NvidiaFailure } from './nvidia-errors';

/** What one nvidia-smi reading produced. */
export type NvidiaReading =
  | {
      ok: true;
      gpus: NvidiaGpuRow[];
      /** Undefined when the process list could not be read. */
      apps?: NvidiaComputeApp[];
      versions: NvidiaVersions;
      /** Query fields the driver refused and that were left out (e.g. compute_cap on 470.x). */
      refusedFields: string[];
      warnings: string[];
    }
  | { ok: false; failure: NvidiaFailure };

interface Call {
  binary: string;
  env: NodeJS.ProcessEnv;
  /** Absolute time (Date.now()) by which every call must have answered. */
  deadline: number;
}

function remaining(call: Call): number {
  return Math.max(1, call.deadline - Date.now());
}

function run(call: Call, args: string[]): Promise<CommandOutcome> {
  return runCommand(call.binary, args, { timeoutMs: remaining(call), env: call.env });
}

function outcomeFailure(outcome: CommandOutcome, timeoutMs: number): NvidiaFailure {
  switch (outcome.kind) {
    case 'timeout':
      return {
        status: 'nvidia-smi-timeout',
        message:
          `nvidia-smi did not answer within ${(timeoutMs / 1000).toFixed(1)} s; the driver may be hung ` +
          '(a GPU that fell off the bus, or a stuck process). Run `nvidia-smi` yourself to see.',
      };
    case 'not-found':
      return { status: 'nvidia-smi-missing', message: 'nvidia-smi could not be started.' };
    case 'spawn-error':
      return { status: 'nvidia-smi-failed', message: `nvidia-smi could not be started: ${outcome.message}` };
    case 'exited':
      return classifyNvidiaSmiFailure(outcome.stdout + '\n' + outcome.stderr, outcome.code, outcome.signal);
  }
}

/** The output of a run that exited with 0, else undefined. */
function okOutput(outcome: CommandOutcome): string | undefined {
  return outcome.kind === 'exited' && outcome.code === 0 ? outcome.stdout : undefined;
}

function describe(outcome: CommandOutcome): string {
  return outcome.kind === 'exited' ? `exit ${outcome.code ?? outcome.signal}` : outcome.kind;
}

/**
 * Runs `--query-gpu` with `fields`; when the driver refuses one of the optional fields (470.x does
 * not know compute_cap), asks again without it.
 */
async function queryGpus(
  call: Call,
  fields: readonly string[],
  timeoutMs: number,
): Promise<{ ok: true; gpus: NvidiaGpuRow[]; refused: string[] } | { ok: false; failure: NvidiaFailure }> {
  let asked = [...fields];
  const refused: string[] = [];
  for (;;) {
    const outcome = await run(call, [`--query-gpu=${asked.join(',')}`, '--format=csv,noheader,nounits']);
    const output = okOutput(outcome);
    if (output !== undefined) return { ok: true, gpus: parseGpuQuery(output, asked), refused };
    const rejected =
      outcome.kind === 'exited' ? rejectedQueryField(outcome.stdout + outcome.stderr) : undefined;
    if (rejected && OPTIONAL_GPU_FIELDS.includes(rejected) && asked.includes(rejected)) {
      asked = asked.filter((field) => field !== rejected);
      refused.push(rejected);
      continue;
    }
    return { ok: false, failure: outcomeFailure(outcome, timeoutMs) };
  }
}

async function queryApps(call: Call): Promise<NvidiaComputeApp[] | string> {
  const outcome = await run(call, [
    `--query-compute-apps=${COMPUTE_APP_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
  ]);
  const output = okOutput(outcome);
  if (output !== undefined) return parseComputeApps(output);
  return `The processes using the GPUs could not be listed (nvidia-smi: ${describe(outcome)}).`;
}

async function queryVersions(call: Call): Promise<NvidiaVersions | string> {
  const outcome = await run(call, []);
  const output = okOutput(outcome);
  if (output !== undefined) return parseNvidiaVersions(output);
  return `The CUDA version could not be read from nvidia-smi (${describe(outcome)}).`;
}

export interface NvidiaSmiOptions {
  binary: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** The full reading: GPUs, their processes, and the driver's CUDA version, asked for in parallel. */
export async function readNvidiaSmi(options: NvidiaSmiOptions): Promise<NvidiaReading> {
  const call: Call = { binary: options.binary, env: options.env, deadline: Date.now() + options.timeoutMs };
  const [gpus, apps, versions] = await Promise.all([
    queryGpus(call, GPU_QUERY_FIELDS, options.timeoutMs),
    queryApps(call),
    queryVersions(call),
  ]);
  if (!gpus.ok) return gpus;
  const warnings = [apps, versions].filter((result): result is string => typeof result === 'string');
  return {
    ok: true,
    gpus: gpus.gpus,
    apps: typeof apps === 'string' ? undefined : apps,
    versions: typeof versions === 'string' ? {} : versions,
    refusedFields: gpus.refused,
    warnings,
  };
}

/** The cheap reading behind the UI's 2-second refresh: memory in use and the processes holding it. */
export async function readNvidiaUsage(
  options: NvidiaSmiOptions,
): Promise<
  { ok: true; gpus: NvidiaGpuRow[]; apps?: NvidiaComputeApp[] } | { ok: false; failure: NvidiaFailure }
> {
  const call: Call = { binary: options.binary, env: options.env, deadline: Date.now() + options.timeoutMs };
  const [gpus, apps] = await Promise.all([
    queryGpus(call, USAGE_QUERY_FIELDS, options.timeoutMs),
    queryApps(call),
  ]);
  if (!gpus.ok) return gpus;
  return { ok: true, gpus: gpus.gpus, apps: typeof apps === 'string' ? undefined : apps };
}
