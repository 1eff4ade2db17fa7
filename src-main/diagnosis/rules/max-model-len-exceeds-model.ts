import { makeFix } from '../fix-commands';
import { findModel } from '../../planner';
import { rulePattern } from '../patterns';
import type { Detection, Rule, RuleContext } from '../rule-api';

const MAX_MODEL_LEN_SETTING = rulePattern(/max[-_]model[-_]len[=\s]+\d+|max_seq_len=\d+/gi);
import { defined, detectFromSignals, detectionOf, DOCS, firstGroup, num, settingNumber } from './helpers';

/**
 * No error line, but the log asks a catalog model for more context than its config allows (and
 * no VLLM_ALLOW_LONG_MAX_MODEL_LEN): the start-up would fail this way.
 */
function aboveCatalogLimit(ctx: RuleContext): Detection | null {
  const wanted = settingNumber(ctx.facts, 'max_model_len');
  const model = ctx.facts.model ? findModel(ctx.facts.model) : undefined;
  if (wanted === undefined || !model || wanted <= model.maxModelLen) return null;
  if (ctx.has(/VLLM_ALLOW_LONG_MAX_MODEL_LEN/)) return null;
  const evidence = ctx.find('max-model-len-setting', MAX_MODEL_LEN_SETTING);
  return detectionOf(evidence, 0.55, { max_model_len: wanted, derived_max_model_len: model.maxModelLen });
}

export const maxModelLenExceedsModel: Rule = {
  meta: {
    id: 'max-model-len-exceeds-model',
    title: "max_model_len is longer than the model's context",
    titleZh: 'max_model_len 超过了模型支持的上下文长度',
    docs: [DOCS.engineArgs],
    specificity: 1,
  },
  detect(ctx) {
    const fromLog = detectFromSignals(ctx, 'max-model-len-exceeds-model', 0.95, (signals) => {
      const derived = num(firstGroup(signals, 'derived_max_len', 'derived_max_model_len', 'derived'));
      return defined({
        max_model_len: num(firstGroup(signals, 'max_model_len')),
        derived_max_model_len: derived !== undefined ? Math.floor(derived) : undefined,
        max_len_key: firstGroup(signals, 'max_len_key'),
      });
    });
    return fromLog ?? aboveCatalogLimit(ctx);
  },
  fix(detection, ctx) {
    const derived = detection.facts.derived_max_model_len;
    const fixes = [];
    if (typeof derived === 'number') {
      fixes.push(
        makeFix(
          ctx.facts,
          `Lower max_model_len to ${derived}, the length the model's config.json allows.`,
          `把 max_model_len 降到 ${derived}，即模型 config.json 允许的长度。`,
          { max_model_len: derived },
        ),
      );
    }
    fixes.push(
      makeFix(
        ctx.facts,
        'Only if the model really supports longer inputs (e.g. with RoPE scaling): set VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 knowingly; outputs past the trained length can be wrong.',
        '仅当模型确实支持更长输入（如 RoPE 缩放）时，才有意识地设置 VLLM_ALLOW_LONG_MAX_MODEL_LEN=1；超出训练长度的输出可能出错。',
        {},
        { env: { VLLM_ALLOW_LONG_MAX_MODEL_LEN: '1' } },
      ),
    );
    return fixes;
  },
};
