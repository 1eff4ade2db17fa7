/** Python `LLM(...)` calls: writing them and reading pasted ones (or bare kwargs) back. */
import type { VllmSettings } from '../types';
import { parseKwargs, pythonSource, type PythonKwarg } from './python-literals';
import { orderedSettings, toVllmSettings } from './setting-keys';

/** `from vllm import LLM` and an `LLM(...)` call with one keyword per line. */
export function writePythonLLM(settings: VllmSettings, model = settings.model): string {
  if (!model) throw new Error('writePythonLLM needs a model');
  const lines = [`    model=${pythonSource(model)},`];
  for (const [key, value] of orderedSettings(settings)) {
    // `auto` is a CLI spelling; in Python, None lets vLLM derive the length (use the CLI for auto-fit).
    if (key === 'max_model_len' && value === 'auto') continue;
    lines.push(`    ${key}=${pythonSource(value)},`);
  }
  return ['from vllm import LLM', '', 'llm = LLM(', ...lines, ')', ''].join('\n');
}

export interface ParsedPythonCall {
  /** `LLM`, `EngineArgs`, `AsyncEngineArgs`, or `''` for bare kwargs. */
  callee: string;
  kwargs: PythonKwarg[];
  values: Record<string, unknown>;
  settings: VllmSettings;
}

const CALLEES = /\b(LLM|AsyncEngineArgs|EngineArgs|AsyncLLMEngine\.from_engine_args|vllm\.LLM)\s*\(/;

/** Reads `LLM(model=..., max_model_len=...)`, `EngineArgs(...)`, or bare `a=1, b=2` kwargs. */
export function parsePythonLLM(text: string): ParsedPythonCall {
  const match = CALLEES.exec(text);
  const body = match ? text.slice(match.index + match[0].length) : text.replace(/\n/g, ', ');
  const { kwargs } = parseKwargs(body);
  const values: Record<string, unknown> = {};
  for (const kw of kwargs) {
    if (kw.name === '' && match && values.model === undefined && typeof kw.value === 'string')
      values.model = kw.value;
    else if (kw.name) values[kw.name] = kw.value;
  }
  return {
    callee: match ? match[1].replace(/^vllm\./, '') : '',
    kwargs,
    values,
    settings: toVllmSettings(values),
  };
}
