import { describe, expect, it } from 'vitest';
import { detectGpus } from './detect';
import { refreshGpuUsage } from './refresh';
import { fakeNvidiaSmi } from '../../test/helpers/fake-nvidia-smi';

async function idleReport() {
  const idle = fakeNvidiaSmi('nvidia-h100-idle');
  const report = await detectGpus({
    env: idle.env,
    nvidiaSmiPlaces: [],
    rocmSmiPlaces: [],
    useSystemInformation: false,
  });
  expect(report.gpus[0].memoryUsedMiB).toBe(0);
  return report;
}

describe('refreshGpuUsage', () => {
  it('picks up memory and processes that appeared since detection, with two cheap queries only', async () => {
    const before = await idleReport();
    const busy = fakeNvidiaSmi('nvidia-h100-busy');
    const after = await refreshGpuUsage(before, { env: busy.env });
    expect(after.status).toBe('ok');
    expect(after.gpus[0]).toMatchObject({
      memoryTotalMiB: 81559,
      memoryUsedMiB: 31247,
      memoryFreeMiB: 49833,
      computeCapability: '9.0',
      processes: [{ pid: 519, name: 'python3', usedMiB: 31238 }],
    });
    expect(after.refreshedAt).toBeDefined();
    expect(before.gpus[0].memoryUsedMiB).toBe(0); // the previous report is not changed
    const calls = busy
      .calls()
      .map((args) => args.join(' '))
      .sort();
    expect(calls).toEqual([
      '--query-compute-apps=pid,process_name,used_memory,gpu_uuid --format=csv,noheader,nounits',
      '--query-gpu=index,uuid,memory.used,memory.free --format=csv,noheader,nounits',
    ]);
  });

  it('shares one run between polls that overlap', async () => {
    const before = await idleReport();
    const busy = fakeNvidiaSmi('nvidia-h100-busy');
    const [a, b] = [refreshGpuUsage(before, { env: busy.env }), refreshGpuUsage(before, { env: busy.env })];
    expect(a).toBe(b);
    await a;
    expect(busy.calls()).toHaveLength(2);
  });

  it('keeps the last numbers and says why when nvidia-smi hangs, then recovers', async () => {
    const before = await idleReport();
    const hung = await refreshGpuUsage(before, {
      env: fakeNvidiaSmi('nvidia-h100-busy', 'hang').env,
      timeoutMs: 300,
    });
    expect(hung.status).toBe('nvidia-smi-timeout');
    expect(hung.gpus[0].memoryUsedMiB).toBe(0);
    const recovered = await refreshGpuUsage(hung, { env: fakeNvidiaSmi('nvidia-h100-busy').env });
    expect(recovered.status).toBe('ok');
    expect(recovered.gpus[0].memoryUsedMiB).toBe(31247);
  });

  it('does nothing for a report without nvidia-smi GPUs', async () => {
    const report = await detectGpus({
      env: { PATH: '/nonexistent' },
      nvidiaSmiPlaces: [],
      rocmSmiPlaces: [],
      useSystemInformation: false,
    });
    expect(await refreshGpuUsage(report)).toBe(report);
  });
});
