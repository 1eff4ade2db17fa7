/** The human-readable form of a plan for the terminal. */
import type { PlanResult } from './types';

const gib = (value: number): string => `${value.toFixed(2)} GiB`;

export function formatPlan(plan: PlanResult): string {
  const m = plan.memory;
  const lines: string[] = [];
  lines.push(
    `${plan.model.hfId ?? plan.model.id} (${(plan.model.params / 1e9).toFixed(2)}B params) on ${plan.gpu.count} × ${plan.gpu.name}`,
  );
  lines.push(`vLLM v${plan.vllmVersion} (${plan.engine})`);
  lines.push('');
  lines.push('Per GPU:');
  lines.push(`  budget        ${gib(m.budgetGiB)}  (${gib(m.totalGiB)} × gpu_memory_utilization)`);
  lines.push(`  weights       ${gib(m.weightsGiB)}`);
  lines.push(`  activation    ${gib(m.activationGiB)}`);
  lines.push(`  non-torch     ${gib(m.nonTorchGiB)}`);
  lines.push(
    `  CUDA graphs   ${gib(m.cudaGraphGiB)}${m.cudaGraphInBudget ? '' : ' (outside the budget in this version)'}`,
  );
  lines.push(
    `  KV cache      ${gib(m.kvCacheGiB)} = ${plan.kvCacheTokens} tokens at ${plan.kvBytesPerToken} B/token`,
  );
  lines.push('');
  lines.push(`Longest context that fits: ${plan.maxModelLenThatFits}`);
  lines.push(`Max concurrency at ${String(plan.settings.max_model_len)} tokens: ${plan.maxConcurrency}`);
  lines.push(`Result: ${plan.fits ? 'fits' : 'DOES NOT FIT'}`);
  for (const w of plan.warnings) lines.push(`  ! ${w}`);
  if (plan.recommendations.length > 0) {
    lines.push('', 'Recommended:');
    for (const r of plan.recommendations) lines.push(`  ${r.setting} = ${String(r.value)}: ${r.reason}`);
  }
  if (plan.alternatives.length > 0) {
    lines.push('', 'Alternatives:');
    for (const a of plan.alternatives) lines.push(`  ${a.change}: ${a.reason} (${a.kvCacheTokens} tokens)`);
  }
  if (plan.assumptions.length > 0) {
    lines.push('', 'Assumptions:');
    for (const a of plan.assumptions) lines.push(`  - ${a}`);
  }
  lines.push(
    '',
    'vllm serve:',
    `  ${plan.commands.vllmServe}`,
    '',
    'docker:',
    `  ${plan.commands.docker}`,
    '',
    'xinference:',
    `  ${plan.commands.xinferenceLaunch}`,
    '',
  );
  return lines.join('\n');
}
