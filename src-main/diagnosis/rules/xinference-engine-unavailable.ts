import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import type { Fix } from '../types';
import { defined, detectionOf, DOCS, firstGroup, num } from './helpers';

/** Xinference's own "this model cannot run on that engine" errors. */
const XINFERENCE_MATCH = rulePattern(
  /Model not supported, name: (?<model_name>[^,]+), format: (?<model_format>[^,]+), size: (?<size>[^,]+), quantization: (?<quantization>[^\s]+)|Model not supported, name\b|Model (?<model_name2>\S+) cannot be run on engine (?<engine>[\w.]+)|Model not found, name: (?<model_name3>[^,]+), format: (?<model_format3>[^,]+), size: (?<size3>[^,]+), quantization: (?<quantization3>\S+)|Engine \S+ is not (?:listed in virtualenv packages|installed in the current environment)|Failed to import module '(?:vllm|sglang|xllamacpp|lmdeploy|mlx_lm)'|Please make sure '(?:vllm|sglang|xllamacpp|lmdeploy|mlx_lm)' is installed|Xinference does not support this inference engine|vllm not installed properly|Failed to import vLLM:|Failed to load vLLM native extension/gi,
);
/** Inside Xinference, a vLLM that cannot be imported the way Xinference expects. */
const ENGINE_IMPORT = rulePattern(/No module named '(?<module>vllm[\w.]*|sglang[\w.]*|lmdeploy[\w.]*)'/gi);

export const xinferenceEngineUnavailable: Rule = {
  meta: {
    id: 'xinference-engine-unavailable',
    title: 'Xinference cannot run this model on the chosen engine',
    titleZh: 'Xinference 无法用所选引擎运行该模型',
    docs: [DOCS.xinferenceVllm, DOCS.xinferenceTroubleshooting],
    specificity: 2,
  },
  detect(ctx) {
    const signals = ctx.find('xinference-match', XINFERENCE_MATCH);
    const inXinference = ctx.facts.engine === 'xinference';
    if (inXinference) signals.push(...ctx.find('engine-import', ENGINE_IMPORT));
    if (!signals.length) return null;
    const size = firstGroup(signals, 'size', 'size3');
    return detectionOf(
      signals,
      inXinference ? 0.9 : 0.75,
      defined({
        model_name: firstGroup(signals, 'model_name', 'model_name2', 'model_name3')?.trim(),
        model_format: firstGroup(signals, 'model_format', 'model_format3')?.trim(),
        size_in_billions: size !== undefined ? (num(size.replace('_', '.')) ?? size) : undefined,
        quantization: firstGroup(signals, 'quantization', 'quantization3')?.trim(),
        engine: firstGroup(signals, 'engine'),
        missing_module: firstGroup(signals, 'module'),
      }),
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const fixes: Fix[] = [];
    if (typeof f.missing_module === 'string' && f.missing_module.startsWith('vllm')) {
      fixes.push(
        makeFix(
          ctx.facts,
          `The installed vLLM does not match this Xinference (it has no ${f.missing_module}): install the vLLM version your Xinference release supports (pip install "xinference[vllm]"), or upgrade Xinference.`,
          `已安装的 vLLM 与当前 Xinference 不匹配（缺少 ${f.missing_module}）：安装该 Xinference 版本支持的 vLLM（pip install "xinference[vllm]"），或升级 Xinference。`,
          {},
          { commands: false },
        ),
      );
    }
    if (typeof f.model_format === 'string') {
      fixes.push(
        makeFix(
          ctx.facts,
          `No built-in spec matches format ${f.model_format}${f.quantization ? `, quantization ${f.quantization}` : ''}: pick a combination the model lists (vLLM runs pytorch without quantization, gptq, awq, fp8), or another engine (Transformers for bitsandbytes 4-bit/8-bit).`,
          `内置规格中没有 ${f.model_format}${f.quantization ? ` + ${f.quantization}` : ''} 的组合：选择模型列出的组合（vLLM 支持不量化的 pytorch、gptq、awq、fp8），或换用其他引擎（bitsandbytes 4/8 bit 用 Transformers）。`,
          {},
          { commands: false },
        ),
      );
    }
    if (!fixes.length) {
      fixes.push(
        makeFix(
          ctx.facts,
          'Check that the engine is installed in the environment of the Xinference worker and supports this model, format and quantization (the engine list in the web UI shows why an engine is unavailable).',
          '检查 Xinference worker 环境中是否安装了该引擎，且它支持该模型、格式和量化方式（网页界面的引擎列表会显示不可用的原因）。',
          {},
          { commands: false },
        ),
      );
    }
    return fixes;
  },
};
