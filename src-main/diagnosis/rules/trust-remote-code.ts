import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup } from './helpers';

const PASS_TRUST = rulePattern(
  /(?:pass|set) the (?:argument|option) `trust_remote_code=True`|consider setting `trust_remote_code=True`/gi,
);

export const trustRemoteCode: Rule = {
  meta: {
    id: 'trust-remote-code',
    title: 'The model needs its own code (trust_remote_code)',
    titleZh: '模型需要执行自带代码（trust_remote_code）',
    docs: [DOCS.engineArgs],
    specificity: 1,
  },
  detect(ctx) {
    const signals = [
      ...ctx.signalsFor('trust-remote-code'),
      ...ctx.find('pass-trust-remote-code', PASS_TRUST),
    ];
    return detectionOf(signals, 0.93, defined({ model: firstGroup(signals, 'model') }));
  },
  fix(_detection, ctx) {
    const xinference = ctx.facts.engine === 'xinference';
    return [
      makeFix(
        ctx.facts,
        `After reading the model repository's code, allow it: trust_remote_code=True${
          xinference
            ? ' (Xinference 2.12+ also needs XINFERENCE_TRUST_REMOTE_CODE=1 in the server environment)'
            : ''
        }.`,
        `阅读模型仓库中的代码后再允许执行：trust_remote_code=True${xinference ? '（Xinference 2.12 及以上还需在服务环境中设置 XINFERENCE_TRUST_REMOTE_CODE=1）' : ''}。`,
        { trust_remote_code: true },
        xinference ? { env: { XINFERENCE_TRUST_REMOTE_CODE: '1' } } : {},
      ),
    ];
  },
};
