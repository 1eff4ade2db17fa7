/**
 * V0's scheduler rejects a prompt "longer than the limit", where the limit is the smaller of
 * max_model_len and max_num_batched_tokens (chunked prefill off). Which one it was decides between
 * prompt-too-long and max-num-batched-tokens-too-small.
 */
import type { RuleContext, Signal } from '../rule-api';
import { num, settingNumber } from './helpers';

/** vLLM 0.1.x's default max_num_batched_tokens: a limit of exactly this is the batch budget. */
const EARLY_DEFAULT_BATCHED_TOKENS = 2560;

export function promptLimitSignals(ctx: RuleContext): { batchLimited: Signal[]; contextLimited: Signal[] } {
  const batchLimited: Signal[] = [];
  const contextLimited: Signal[] = [];
  const maxModelLen = settingNumber(ctx.facts, 'max_model_len');
  const batched = settingNumber(ctx.facts, 'max_num_batched_tokens');
  for (const signal of ctx.signals) {
    if (signal.messageId !== 'v0-input-prompt-too-long') continue;
    const limit = num(signal.groups.prompt_limit);
    if (limit === undefined) continue;
    const byBatch =
      (maxModelLen !== undefined && limit < maxModelLen) ||
      (batched !== undefined && limit === batched && (maxModelLen === undefined || batched < maxModelLen)) ||
      (maxModelLen === undefined && limit === EARLY_DEFAULT_BATCHED_TOKENS);
    (byBatch ? batchLimited : contextLimited).push(signal);
  }
  return { batchLimited, contextLimited };
}
