import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule, Signal } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, num, settingNumber } from './helpers';
import { promptLimitSignals } from './prompt-limits';

/** SGLang and other servers' wording of the same problem. */
const OTHER_SERVERS = rulePattern(
  /Input length \((?<prompt_tokens>\d+) tokens\) exceeds the maximum allowed length \((?<max_allowed_tokens>\d+) tokens\)|(?:input|prompt)(?: length| is)? (?:\((?<prompt_tokens2>\d+)(?: tokens)?\) )?(?:is )?longer than the model's context length \((?<context_length>\d+) tokens\)|maximum context length is (?<context_length2>\d+) tokens\. However, (?:your messages resulted in (?<prompt_tokens3>\d+)|you requested (?<requested_tokens>\d+)) tokens(?: \((?<prompt_tokens6>\d+) in the messages, (?<max_tokens3>\d+) in the complet)?|total sequence length \((?<prompt_tokens4>\d+) \+ (?<max_tokens2>\d+)\) exceeds `?session_len`? \((?<session_len>\d+)\)|run out of tokens\. session|length of prompt_tokens \((?<prompt_tokens5>\d+)\) must be less than max_seq_len \((?<max_seq_len>\d+)\)/gi,
);

export const promptTooLong: Rule = {
  meta: {
    id: 'prompt-too-long',
    title: 'A request is longer than the served context',
    titleZh: '请求长度超过了服务的上下文长度',
    docs: [DOCS.engineArgs],
    specificity: 4,
  },
  detect(ctx) {
    const signals: Signal[] = ctx
      .signalsFor('prompt-too-long')
      .filter((signal) => signal.messageId !== 'v0-input-prompt-too-long');
    signals.push(...promptLimitSignals(ctx).contextLimited);
    const others = ctx.find('other-server-prompt-too-long', OTHER_SERVERS);
    signals.push(...others);
    if (!signals.length) return null;
    const prompt = num(
      firstGroup(
        signals,
        'prompt_tokens',
        'prompt_tokens2',
        'prompt_tokens3',
        'prompt_tokens4',
        'prompt_tokens5',
      ),
    );
    const maxTokens = num(firstGroup(signals, 'max_tokens', 'max_tokens2', 'max_tokens3'));
    const total = num(firstGroup(signals, 'total_tokens'));
    return detectionOf(
      signals,
      0.9,
      defined({
        max_model_len:
          num(
            firstGroup(
              signals,
              'max_model_len',
              'prompt_limit',
              'context_length',
              'context_length2',
              'session_len',
              'max_seq_len',
            ),
          ) ?? settingNumber(ctx.facts, 'max_model_len'),
        prompt_tokens: prompt,
        max_tokens: maxTokens,
        requested_tokens:
          total ??
          num(firstGroup(signals, 'requested_tokens')) ??
          (prompt !== undefined && maxTokens !== undefined ? prompt + maxTokens : undefined),
        max_allowed_tokens: num(firstGroup(others, 'max_allowed_tokens')),
      }),
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const maxModelLen = typeof f.max_model_len === 'number' ? f.max_model_len : undefined;
    const prompt = typeof f.prompt_tokens === 'number' ? f.prompt_tokens : undefined;
    const maxTokens = typeof f.max_tokens === 'number' ? f.max_tokens : undefined;
    const fixes = [];
    if (
      maxModelLen !== undefined &&
      prompt !== undefined &&
      maxTokens !== undefined &&
      prompt < maxModelLen
    ) {
      const room = maxModelLen - prompt;
      fixes.push(
        makeFix(
          ctx.facts,
          `In the request, ask for at most ${room} new tokens (max_tokens): prompt + max_tokens must stay within ${maxModelLen}.`,
          `请求中 max_tokens 最多设为 ${room}：提示长度加 max_tokens 不能超过 ${maxModelLen}。`,
          {},
          { commands: false },
        ),
      );
    } else {
      fixes.push(
        makeFix(
          ctx.facts,
          `Shorten the prompt${maxModelLen ? ` to fewer than ${maxModelLen} tokens` : ''} (fewer or smaller images count too), or lower max_tokens.`,
          `缩短提示${maxModelLen ? `到 ${maxModelLen} 个 token 以内` : ''}（图片数量或分辨率也计入），或调低 max_tokens。`,
          {},
          { commands: false },
        ),
      );
    }
    const needed = (prompt ?? 0) + (maxTokens ?? 0);
    if (needed > 0 && (maxModelLen === undefined || needed > maxModelLen)) {
      const serve = Math.ceil(needed / 1024) * 1024;
      fixes.push(
        makeFix(
          ctx.facts,
          `Or serve a longer context: max_model_len=${serve}, if the model supports it and the KV cache can hold it.`,
          `或者以更长的上下文启动：max_model_len=${serve}（需模型支持且 KV 缓存放得下）。`,
          { max_model_len: serve },
        ),
      );
    }
    return fixes;
  },
};
