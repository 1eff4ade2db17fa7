import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, num } from './helpers';

/** Hugging Face hub failures beyond the catalog's wording. */
const HUB_ERRORS = rulePattern(
  /We couldn't connect to 'https:\/\/huggingface\.co' to load|(?:RepositoryNotFoundError|GatedRepoError|LocalEntryNotFoundError|HFValidationError|OfflineModeIsEnabled|EntryNotFoundError)\b|(?<http_status>40[13]) Client Error|Repository Not Found for url|Access to model \S+ is restricted/gi,
);
/** A worker that had to download weights: the model path did not exist where it ran. */
const DOWNLOAD_FRAME = rulePattern(/\b(?:download_weights_from_hf|snapshot_download|hf_hub_download)\(/gi);

export const modelNotFound: Rule = {
  meta: {
    id: 'model-not-found',
    title: 'The model cannot be found or downloaded',
    titleZh: '找不到模型或无法下载模型',
    docs: [DOCS.engineArgs],
    specificity: 2,
  },
  detect(ctx) {
    const strong = [...ctx.signalsFor('model-not-found'), ...ctx.find('hub-errors', HUB_ERRORS)];
    if (strong.length) {
      return detectionOf(
        strong,
        0.9,
        defined({ model: firstGroup(strong, 'model'), http_status: num(firstGroup(strong, 'http_status')) }),
      );
    }
    const downloads = ctx.find('download-frame', DOWNLOAD_FRAME);
    return detectionOf(downloads, 0.7, {});
  },
  fix(detection, ctx) {
    const offline = ctx.has(/HF_HUB_OFFLINE|offline mode|couldn't connect to 'https:\/\/huggingface\.co'/i);
    const gated =
      detection.facts.http_status === 401 || detection.facts.http_status === 403 || ctx.has(/gated/i);
    const fixes = [];
    if (gated) {
      fixes.push(
        makeFix(
          ctx.facts,
          'The model is gated: accept its licence on Hugging Face and log in (huggingface-cli login) or set HF_TOKEN where vLLM runs.',
          '该模型需要授权：在 Hugging Face 上接受许可，并登录（huggingface-cli login）或在运行 vLLM 的环境中设置 HF_TOKEN。',
          {},
          { env: { HF_TOKEN: '<your token>' } },
        ),
      );
    }
    fixes.push(
      makeFix(
        ctx.facts,
        offline
          ? 'Offline: point --model at a local folder holding config.json and the weights, or download the model once so the cache has it (HF_HUB_OFFLINE=1 then uses the cache).'
          : 'Point the model at a local folder that exists on every machine that runs a worker (multi-node Ray: the same path on each node), or at a valid Hugging Face repo id.',
        offline
          ? '离线环境：把 --model 指向包含 config.json 和权重的本地目录，或先下载一次让缓存中有该模型（之后 HF_HUB_OFFLINE=1 会使用缓存）。'
          : '让模型路径指向每台运行 worker 的机器上都存在的本地目录（多机 Ray：每个节点上路径相同），或一个有效的 Hugging Face 仓库 ID。',
        {},
        { commands: false },
      ),
    );
    return fixes;
  },
};
