/** The table of real vLLM argument names (`vllm-args.json`), with the version it was read from. */
import table from './vllm-args.json';

export type ArgType = 'int' | 'float' | 'bool' | 'str' | 'json' | 'int_or_auto';

export interface VllmArg {
  name: string;
  type: ArgType;
  short?: string;
  choices?: Array<string | number>;
  range?: [number, number];
  since?: string;
  removed?: string;
  serverOnly?: boolean;
  note?: string;
}

export interface RenamedArg {
  from: string;
  to: string;
  note?: string;
}

interface RawArg {
  name: string;
  type: string;
  short?: string;
  choices?: Array<string | number>;
  range?: number[];
  since?: string;
  removed?: string;
  server_only?: boolean;
  note?: string;
}

/** The vLLM release the base list was read from. */
export const ARG_TABLE_VLLM_VERSION: string = table.vllm_version;

export const VLLM_ARGS: VllmArg[] = (table.args as RawArg[]).map((a) => ({
  name: a.name,
  type: a.type as ArgType,
  short: a.short,
  choices: a.choices,
  range: a.range ? [a.range[0], a.range[1]] : undefined,
  since: a.since,
  removed: a.removed,
  serverOnly: a.server_only,
  note: a.note,
}));

export const RENAMED_ARGS: RenamedArg[] = table.renamed;

const BY_NAME = new Map(VLLM_ARGS.map((a) => [a.name, a]));
const BY_SHORT = new Map(VLLM_ARGS.filter((a) => a.short).map((a) => [a.short as string, a]));

/** Python spelling of a CLI or Python name: `--max-model-len` → `max_model_len`. */
export function pythonName(name: string): string {
  return name.replace(/^-+/, '').replace(/-/g, '_').toLowerCase();
}

export function findArg(name: string): VllmArg | undefined {
  return BY_NAME.get(pythonName(name));
}

export function findShortArg(flag: string): VllmArg | undefined {
  return BY_SHORT.get(flag);
}
