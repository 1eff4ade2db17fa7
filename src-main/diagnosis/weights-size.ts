/**
 * How big a model's weights are, from what a log says about it: the planner's catalog when it
 * knows the model, else the size in its name (`Qwen1.5-72B-Chat` → 72 billion parameters) with the
 * dtype and quantization the log shows. Used to tell "the weights cannot fit" when an OOM comes
 * with no stack frames to say which phase ran out.
 */
import { findModel, paramCount } from '../planner';
import type { LogFacts } from './types';

const GIB = 1024 ** 3;

function bytesPerParam(name: string, facts: LogFacts): number {
  const quantization = typeof facts.settings.quantization === 'string' ? facts.settings.quantization : '';
  const hint = `${name} ${quantization}`.toLowerCase();
  if (/awq|gptq|int4|4bit|4-bit|w4a16|q4|bnb|bitsandbytes/.test(hint)) return 0.55;
  if (/int8|fp8|8bit|8-bit|w8a8/.test(hint)) return 1.05;
  const dtype = typeof facts.settings.dtype === 'string' ? facts.settings.dtype.toLowerCase() : '';
  if (dtype === 'float' || dtype === 'float32') return 4;
  return 2;
}

/** Parameters in billions from a model name, e.g. `Qwen3-30B-A3B` → 30, `opt-125m` → 0.125. */
export function billionsFromName(name: string): number | undefined {
  const billions = /(?:^|[-_/. ])(\d+(?:\.\d+)?)[bB](?=$|[-_. /])/.exec(name);
  if (billions) return Number(billions[1]);
  const millions = /(?:^|[-_/. ])(\d+(?:\.\d+)?)[mM](?=$|[-_. /])/.exec(name);
  return millions ? Number(millions[1]) / 1000 : undefined;
}

/** Estimated weight size in GiB for the whole model, or undefined when the log does not tell. */
export function estimatedWeightsGiB(facts: LogFacts): number | undefined {
  const name = facts.model ?? (typeof facts.settings.model === 'string' ? facts.settings.model : undefined);
  if (!name) return undefined;
  const spec = findModel(name);
  const params = spec ? paramCount(spec) : (billionsFromName(name) ?? 0) * 1e9;
  if (!params) return undefined;
  return (params * bytesPerParam(name, facts)) / GIB;
}
