import { describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/io';
import { UsageError } from '../cli/io';
import type { GpuReport } from '../gpu';
import { createPlanCommand } from './plan-command';

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stderrIsTTY: false,
    readStdin: async function* () {},
    env: {},
  };
}

const twoH100 = async (): Promise<GpuReport> =>
  ({
    status: 'ok',
    gpus: [0, 1].map((index) => ({
      index,
      vendor: 'NVIDIA',
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81559,
      sources: ['nvidia-smi'],
    })),
  }) as unknown as GpuReport; // only the fields the planner reads
const noGpu = async (): Promise<GpuReport> => ({ status: 'no-gpu', gpus: [] }) as unknown as GpuReport;

describe('serve-doctor plan', () => {
  it('prints the plan as JSON with the documented fields', async () => {
    const cli = io();
    const code = await createPlanCommand({ detect: noGpu })(
      ['--model', 'qwen2.5-7b-instruct', '--gpu', 'H100', '--json'],
      cli,
    );
    expect(code).toBe(0);
    const plan = JSON.parse(cli.out.join(''));
    expect(plan.model).toMatchObject({ id: 'qwen2.5-7b-instruct', params: 7615616512 });
    expect(plan.memory.totalGiB).toBe(79.18);
    expect(plan.memory.budgetGiB).toBe(71.26);
    expect(plan.kvBytesPerToken).toBe(57344);
    expect(plan.fits).toBe(true);
    for (const key of ['vllmServe', 'python', 'xinferenceLaunch', 'docker'])
      expect(plan.commands[key]).toBeTruthy();
  });

  it('uses the detected GPUs when no GPU option is given', async () => {
    const cli = io();
    await createPlanCommand({ detect: twoH100 })(
      ['--model', 'Qwen/Qwen3-32B', '--tp', '2', '--max-model-len=32768', '--json'],
      cli,
    );
    const plan = JSON.parse(cli.out.join(''));
    expect(plan.gpu.count).toBe(2);
    expect(plan.memory.totalGiB).toBe(79.18);
    expect(plan.settings.tensor_parallel_size).toBe(2);
  });

  it('rejects bad arguments with a one-line usage error', async () => {
    const run = (args: string[]): Promise<number> => createPlanCommand({ detect: noGpu })(args, io());
    await expect(run(['--gpu', 'H100'])).rejects.toThrow(UsageError);
    await expect(run(['--model', 'no-such-model', '--gpu', 'H100'])).rejects.toThrow(/unknown model/);
    await expect(run(['--model', 'qwen3-8b', '--gpu', 'Voodoo'])).rejects.toThrow(/unknown GPU/);
    await expect(run(['--model', 'qwen3-8b', '--tp', 'two', '--gpu', 'H100'])).rejects.toThrow(/--tp/);
    await expect(run(['--model', 'qwen3-8b'])).rejects.toThrow(/no GPU detected/);
    await expect(
      run(['--model', 'qwen3-8b', '--gpu', 'H100', '--gpu-memory-utilization', '1.5']),
    ).rejects.toThrow(UsageError);
  });

  it('prints a readable summary without --json', async () => {
    const cli = io();
    await createPlanCommand({ detect: noGpu })(
      ['--model', 'llama-3.1-8b-instruct', '--gpu-memory-gib', '23.58', '--vllm-version', '0.19.0'],
      cli,
    );
    const text = cli.out.join('');
    expect(text).toContain('DOES NOT FIT');
    expect(text).toContain('vllm serve meta-llama/Llama-3.1-8B-Instruct');
  });
});
