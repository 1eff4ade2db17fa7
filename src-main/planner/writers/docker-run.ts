/** `docker run … vllm/vllm-openai:<tag> --model … ` commands: writing and reading back. */
import type { VllmSettings } from '../types';
import { parseVllmOptions, vllmOptionWords, type ParsedVllmCommand } from './vllm-serve';
import { joinCommand, splitShellWords } from './shell-words';
import { findArg } from '../flags/arg-table';
import { coerceValue, toVllmSettings, type SettingType } from './setting-keys';

export interface DockerOptions {
  /** Image tag, e.g. `v0.19.0` (default `latest`). */
  tag?: string;
  /** Number of GPUs to expose; `all` when absent. */
  gpuCount?: number;
  port?: number;
  multiline?: boolean;
}

/**
 * The image's entrypoint runs the OpenAI server, so vLLM's options follow the image name. `--ipc=host`
 * gives NCCL the shared memory tensor parallelism needs; the Hugging Face cache is mounted so the model
 * downloads once.
 */
export function writeDockerRun(
  settings: VllmSettings,
  model = settings.model,
  options: DockerOptions = {},
): string {
  if (!model) throw new Error('writeDockerRun needs a model');
  const port = options.port ?? 8000;
  const gpus =
    options.gpuCount === undefined
      ? 'all'
      : `"device=${Array.from({ length: options.gpuCount }, (_, i) => i).join(',')}"`;
  const dockerWords: string[][] = [
    ['--gpus', gpus],
    ['--ipc=host'],
    ['-p', `${port}:8000`],
    ['-v', '~/.cache/huggingface:/root/.cache/huggingface'],
    ['--env', 'HF_TOKEN'],
  ];
  const image = `vllm/vllm-openai:${options.tag ?? 'latest'}`;
  const head = ['docker', 'run', '--rm'];
  const lines = [...dockerWords, [image, '--model', model], ...vllmOptionWords(settings)];
  return joinCommand(head, lines, options.multiline);
}

export interface ParsedDockerRun {
  image?: string;
  tag?: string;
  gpus?: string;
  ipcHost: boolean;
  shmSize?: string;
  ports: string[];
  volumes: string[];
  env: string[];
  vllm: Pick<ParsedVllmCommand, 'options' | 'extraPositionals'> & {
    model?: string;
    values: Record<string, unknown>;
    settings: VllmSettings;
  };
}

const DOCKER_WITH_VALUE = new Set([
  '--gpus',
  '-p',
  '--publish',
  '-v',
  '--volume',
  '-e',
  '--env',
  '--name',
  '--shm-size',
  '--ipc',
  '--runtime',
  '--entrypoint',
  '-w',
  '--workdir',
  '--network',
  '--net',
  '--mount',
  '--env-file',
  '-u',
  '--user',
  '--platform',
  '--ulimit',
  '--device',
  '--cpus',
  '-m',
  '--memory',
]);

/** Reads a pasted `docker run …` of a vLLM image. */
export function parseDockerRun(text: string): ParsedDockerRun {
  const words = splitShellWords(text);
  let i = words.indexOf('run');
  i = i >= 0 ? i + 1 : 0;
  const result: ParsedDockerRun = {
    ipcHost: false,
    ports: [],
    volumes: [],
    env: [],
    vllm: { options: [], extraPositionals: [], values: {}, settings: {} },
  };
  for (; i < words.length; i += 1) {
    const word = words[i];
    if (!word.startsWith('-')) break;
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    let value: string | undefined = eq > 0 ? word.slice(eq + 1) : undefined;
    if (value === undefined && DOCKER_WITH_VALUE.has(flag)) {
      value = words[i + 1];
      i += 1;
    }
    if (flag === '--gpus') result.gpus = value;
    else if (flag === '--ipc') result.ipcHost = value === 'host';
    else if (flag === '--shm-size') result.shmSize = value;
    else if (flag === '-p' || flag === '--publish') result.ports.push(value ?? '');
    else if (flag === '-v' || flag === '--volume') result.volumes.push(value ?? '');
    else if (flag === '-e' || flag === '--env') result.env.push(value ?? '');
  }
  const image = words[i];
  if (image) {
    const colon = image.lastIndexOf(':');
    result.image = colon > 0 ? image.slice(0, colon) : image;
    result.tag = colon > 0 ? image.slice(colon + 1) : undefined;
  }
  const parsed = parseVllmOptions(words.slice(i + 1));
  const values: Record<string, unknown> = {};
  for (const option of parsed.options) {
    const arg = findArg(option.name);
    if (!arg) values[option.name] = option.raw ?? true;
    else if (arg.type === 'bool')
      values[option.name] = option.raw === undefined ? true : coerceValue('bool', option.raw);
    else if (arg.type === 'json') values[option.name] = option.raw;
    else
      values[option.name] =
        option.raw === undefined
          ? undefined
          : (coerceValue(arg.type as SettingType, option.raw) ?? option.raw);
  }
  const model = typeof values.model === 'string' ? values.model : parsed.extraPositionals[0];
  if (model) values.model = model;
  result.vllm = { ...parsed, model, values, settings: toVllmSettings(values) };
  return result;
}
