import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import type { Fix } from '../types';
import { RENAMED_ARGS } from '../../planner/flags/arg-table';
import { ARG_RENAMES, type ArgAdvice } from './arg-renames';
import { defined, detectionOf, DOCS } from './helpers';

/** Any "unexpected keyword argument" (dashed names too, as Xinference passes them verbatim). */
const UNEXPECTED_KEYWORD = rulePattern(/unexpected keyword argument '(?<arg>[\w-]+)'/gi);
/** The message with its name lost (Markdown ate `__init__`, or the paste stops): still this error. */
const NAMELESS_KEYWORD = rulePattern(
  /(?:EngineArgs|__init__|\.init)\(\) got an unexpected keyword argument/gi,
);
const MULTIPLE_VALUES = rulePattern(/got multiple values for (?:keyword )?argument '(?<arg>[\w-]+)'/gi);

/** The planner's table of renamed / invented argument names (read from vLLM 0.10.2), as advice. */
function plannerAdvice(arg: string): ArgAdvice | undefined {
  const renamed = RENAMED_ARGS.find((entry) => entry.from === arg.replace(/-/g, '_'));
  if (!renamed?.to) return undefined;
  return {
    replacement: renamed.to,
    reason: renamed.note ? `${renamed.note}.` : `vLLM calls it ${renamed.to}.`,
    reasonZh: `vLLM 中对应的参数是 ${renamed.to}。`,
  };
}

/** The first `--flag` of argparse's "unrecognized arguments: …" list, without quotes or backticks. */
function firstFlag(list: string | undefined): string | undefined {
  const flag = list?.match(/--?[A-Za-z][\w-]*/)?.[0];
  return flag?.replace(/[`'"]/g, '');
}

export const unknownEngineArg: Rule = {
  meta: {
    id: 'unknown-engine-arg',
    title: 'An argument the engine does not know',
    titleZh: '引擎不认识的参数',
    docs: [DOCS.engineArgs, DOCS.xinferenceVllm],
    specificity: 1,
  },
  detect(ctx) {
    const signals = [
      ...ctx
        .signalsFor('unknown-engine-arg')
        .filter((signal) => signal.messageId !== 'engineargs-unexpected-keyword'),
      ...ctx.find('unexpected-keyword', UNEXPECTED_KEYWORD),
      ...ctx.find('multiple-values', MULTIPLE_VALUES),
    ];
    if (!signals.length) signals.push(...ctx.find('nameless-keyword', NAMELESS_KEYWORD));
    if (!signals.length) return null;
    const arg = signals.map((signal) => signal.groups.arg).find((value) => value);
    const duplicated = signals.some((signal) => signal.messageId === 'multiple-values');
    const unrecognized = signals.find((signal) => signal.groups.args)?.groups.args;
    return detectionOf(
      signals,
      0.92,
      defined({
        unknown_arg: (arg ?? firstFlag(unrecognized))?.replace(/^-+/, ''),
        unrecognized_arguments: unrecognized?.trim(),
        option: signals.find((signal) => signal.groups.option)?.groups.option,
        value: signals.find((signal) => signal.groups.value)?.groups.value,
        duplicated_builtin: duplicated && ctx.facts.engine === 'xinference' ? true : undefined,
      }),
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const fixes: Fix[] = [];
    const arg = typeof f.unknown_arg === 'string' ? f.unknown_arg : undefined;
    if (arg && f.duplicated_builtin === true) {
      const dashed = arg.replace(/_/g, '-');
      fixes.push(
        makeFix(
          ctx.facts,
          `${arg} is one of Xinference's own options, which are spelled with dashes: write --${dashed} (as --n-gpu, --gpu-idx, --model-uid); the underscore form is passed to the engine as well and collides.`,
          `${arg} 是 Xinference 自己的参数，要用短横线：写成 --${dashed}（如 --n-gpu、--gpu-idx、--model-uid）；下划线形式会被当作引擎参数重复传入而冲突。`,
          {},
          { commands: false },
        ),
      );
    } else if (arg && arg.includes('-')) {
      const underscored = arg.replace(/-/g, '_');
      const value = ctx.facts.settings[underscored];
      fixes.push(
        makeFix(
          ctx.facts,
          `Xinference passes extra options verbatim: write --${underscored}${value !== undefined ? ` ${String(value)}` : ' <value>'} (underscores), not --${arg}.`,
          `Xinference 会原样传递额外参数：请写 --${underscored}（下划线），而不是 --${arg}。`,
          value !== undefined ? { [underscored]: value } : {},
          { commands: value !== undefined },
        ),
      );
    } else if (arg) {
      const advice = ARG_RENAMES[arg] ?? plannerAdvice(arg);
      if (advice?.replacement) {
        fixes.push(
          makeFix(
            ctx.facts,
            `Replace ${arg} with ${advice.replacement}: ${advice.reason}`,
            `把 ${arg} 换成 ${advice.replacement}：${advice.reasonZh}`,
            { [advice.replacement]: advice.value ?? ctx.facts.settings[arg] ?? '<value>' },
          ),
        );
      } else {
        fixes.push(
          makeFix(
            ctx.facts,
            advice?.reason ??
              `Remove ${arg}: this engine version does not take it (check the spelling against the engine arguments of your vLLM version).`,
            advice?.reasonZh ??
              `去掉 ${arg}：当前引擎版本不接受该参数（请对照所用 vLLM 版本的引擎参数检查拼写）。`,
            {},
            { commands: false },
          ),
        );
      }
    }
    if (typeof f.unrecognized_arguments === 'string') {
      const docker = /\/bin\/(?:ba)?sh|\bserve\b|python3? -m/.test(f.unrecognized_arguments);
      fixes.push(
        makeFix(
          ctx.facts,
          docker
            ? 'The image already starts the vLLM server: pass only engine arguments after the image name (e.g. --model … --max-model-len …), or override the entrypoint with docker run --entrypoint to run your own command.'
            : `Remove or correct the arguments vLLM does not recognise: ${f.unrecognized_arguments}`,
          docker
            ? '镜像的入口已经启动 vLLM 服务：镜像名之后只写引擎参数（如 --model … --max-model-len …），或用 docker run --entrypoint 覆盖入口以运行自己的命令。'
            : `去掉或改正 vLLM 不认识的参数：${f.unrecognized_arguments}`,
          {},
          { commands: false },
        ),
      );
    }
    if (!fixes.length) {
      fixes.push(
        makeFix(
          ctx.facts,
          'Check the argument against the engine arguments of your vLLM version (serve-doctor plan checks a command line for you).',
          '对照所用 vLLM 版本的引擎参数检查该参数。',
          {},
          { commands: false },
        ),
      );
    }
    return fixes;
  },
};
