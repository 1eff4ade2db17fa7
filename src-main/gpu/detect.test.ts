import { describe, expect, it } from 'vitest';
import { detectGpus, type DetectOptions } from './detect';
import { parseSystemInfoSnapshot, type SystemInfoProvider } from './system-info-source';
import {
  fakeNvidiaSmi,
  noNvidiaSmiEnv,
  recordedSystemInformation,
  type GpuFixture,
} from '../../test/helpers/fake-nvidia-smi';

const UUID = 'GPU-2c68a951-682a-942f-f15c-0c77f95a668f';

/** systeminformation answering instantly with what it said on the H100 machine. */
function recorded(fixture: GpuFixture): SystemInfoProvider {
  return async () => parseSystemInfoSnapshot(recordedSystemInformation(fixture)) ?? {};
}

/** Options that run the real nvidia-smi code path against the stand-in, and nothing from this machine. */
function against(env: NodeJS.ProcessEnv, extra: DetectOptions = {}): DetectOptions {
  return { env, nvidiaSmiPlaces: [], rocmSmiPlaces: [], useSystemInformation: false, ...extra };
}

describe('detectGpus against the nvidia-smi stand-in (real child processes)', () => {
  it('reads the busy H100: memory, capability, versions and the process holding memory', async () => {
    const fake = fakeNvidiaSmi('nvidia-h100-busy');
    const report = await detectGpus(against(fake.env));
    expect(report.status).toBe('ok');
    expect(report.gpus).toHaveLength(1);
    expect(report.gpus[0]).toMatchObject({
      index: 0,
      vendor: 'NVIDIA',
      name: 'NVIDIA H100 80GB HBM3',
      uuid: UUID,
      memoryTotalMiB: 81559,
      memoryUsedMiB: 31247,
      memoryFreeMiB: 49833,
      computeCapability: '9.0',
      driverVersion: '580.159.04',
      cudaVersion: '13.0',
      processes: [{ pid: 519, name: 'python3', usedMiB: 31238 }],
      sources: ['nvidia-smi'],
    });
    expect(report.gpus[0].fieldSources?.computeCapability).toBe('nvidia-smi');
    expect(report.tools?.nvidiaSmi).toMatch(/fake-nvidia-smi[/\\]nvidia-smi$/);
    expect(report.warnings).toEqual([]);
  });

  it('reads the idle H100: nothing used, no process', async () => {
    const report = await detectGpus(against(fakeNvidiaSmi('nvidia-h100-idle').env));
    expect(report.gpus[0]).toMatchObject({ memoryUsedMiB: 0, memoryFreeMiB: 81079, processes: [] });
  });

  it('says the driver is broken, in words, without throwing', async () => {
    const report = await detectGpus(against(fakeNvidiaSmi('nvidia-h100-busy', 'broken-driver').env));
    expect(report.status).toBe('driver-error');
    expect(report.gpus).toEqual([]);
    expect(report.statusMessage).toMatch(
      /driver is not working.*couldn't communicate with the NVIDIA driver/,
    );
  });

  it('gives up on a hung nvidia-smi after the timeout and keeps the event loop running meanwhile', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    const started = Date.now();
    const report = await detectGpus(
      against(fakeNvidiaSmi('nvidia-h100-busy', 'hang').env, { timeoutMs: 400 }),
    );
    const elapsed = Date.now() - started;
    clearInterval(ticker);
    expect(report.status).toBe('nvidia-smi-timeout');
    expect(report.statusMessage).toMatch(/did not answer within 0\.4 s/);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(2500);
    // a blocked loop (execSync) would let almost no 10 ms tick through
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
  });

  it('retries without compute_cap on a 470 driver and reads the capability off the name', async () => {
    const fake = fakeNvidiaSmi('nvidia-h100-busy', 'driver-470');
    const report = await detectGpus(against(fake.env));
    expect(report.status).toBe('ok');
    expect(report.gpus[0]).toMatchObject({
      computeCapability: '9.0',
      driverVersion: '470.256.02',
      cudaVersion: '11.4',
      memoryUsedMiB: 31247,
    });
    expect(report.gpus[0].fieldSources?.computeCapability).toBe('name-table');
    expect(report.gpus[0].sources).toEqual(['nvidia-smi', 'name-table']);
    expect(report.warnings.join(' ')).toMatch(/cannot report compute capability/);
    const gpuQueries = fake.calls().filter((args) => args[0]?.startsWith('--query-gpu='));
    expect(gpuQueries).toHaveLength(2);
    expect(gpuQueries[0][0]).toContain('compute_cap');
    expect(gpuQueries[1][0]).not.toContain('compute_cap');
  });

  it('reports no GPU when the driver has no device', async () => {
    const report = await detectGpus(against(fakeNvidiaSmi('nvidia-h100-busy', 'no-devices').env));
    expect(report.status).toBe('no-gpu');
    expect(report.statusMessage).toMatch(/type your GPUs in/);
  });

  it('says nvidia-smi is missing when it is nowhere and nothing else was asked', async () => {
    const report = await detectGpus(against(noNvidiaSmiEnv()));
    expect(report.status).toBe('nvidia-smi-missing');
    expect(report.tools).toBeUndefined();
  });

  it('finds nvidia-smi in a usual install place when it is not on PATH', async () => {
    const fake = fakeNvidiaSmi('nvidia-h100-busy');
    const place = `${fake.env.PATH?.split(':')[0]}/nvidia-smi`;
    const env = { ...fake.env, PATH: noNvidiaSmiEnv().PATH + ':' + fake.env.PATH?.split(':')[1] };
    const report = await detectGpus({ ...against(env), nvidiaSmiPlaces: ['/nonexistent/nvidia-smi', place] });
    expect(report.status).toBe('ok');
    expect(report.tools?.nvidiaSmi).toBe(place);
  });
});

describe('detectGpus with systeminformation as the complement', () => {
  it('merges the recorded controller into the nvidia-smi GPU instead of listing it twice', async () => {
    const fake = fakeNvidiaSmi('nvidia-h100-busy');
    const report = await detectGpus(
      against(fake.env, { useSystemInformation: true, systemInformation: recorded('nvidia-h100-busy') }),
    );
    expect(report.gpus).toHaveLength(1);
    // nvidia-smi's 81559 MiB wins over systeminformation's OpenCL 81079 MiB
    expect(report.gpus[0]).toMatchObject({ memoryTotalMiB: 81559, sources: ['nvidia-smi'] });
    expect(report.system).toMatchObject({ osName: 'Ubuntu 24.04.3 LTS', ramTotalMiB: 128888 });
    expect(report.warnings).toEqual([]);
  });

  it('lists the NVIDIA card systeminformation sees and says nvidia-smi is missing', async () => {
    const report = await detectGpus(
      against(noNvidiaSmiEnv(), {
        useSystemInformation: true,
        systemInformation: recorded('nvidia-h100-idle'),
      }),
    );
    expect(report.status).toBe('nvidia-smi-missing');
    expect(report.statusMessage).toMatch(/NVIDIA GPU \(NVIDIA H100 80GB HBM3\) but nvidia-smi was not found/);
    expect(report.gpus[0]).toMatchObject({
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81079,
      computeCapability: '9.0',
    });
    expect(report.gpus[0].fieldSources?.memoryTotalMiB).toBe('systeminformation');
  });

  it('says plainly that there is no GPU when neither source found one', async () => {
    const empty: SystemInfoProvider = async () => ({
      graphics: { controllers: [] },
      mem: { total: 8 * 2 ** 30 },
    });
    const report = await detectGpus(
      against(noNvidiaSmiEnv(), { useSystemInformation: true, systemInformation: empty }),
    );
    expect(report.status).toBe('no-gpu');
    expect(report.statusMessage).toMatch(/^No GPU found on this machine: nvidia-smi is not installed/);
    expect(report.system?.ramTotalMiB).toBe(8192);
  });

  it('does not wait long for a slow systeminformation once nvidia-smi has answered', async () => {
    let aborted = false;
    const slow: SystemInfoProvider = ({ signal }) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve({}), 10_000);
        signal.addEventListener('abort', () => {
          aborted = true;
          clearTimeout(timer);
          resolve({});
        });
      });
    const started = Date.now();
    const report = await detectGpus(
      against(fakeNvidiaSmi('nvidia-h100-idle').env, {
        useSystemInformation: true,
        systemInformation: slow,
        complementGraceMs: 100,
      }),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(report.status).toBe('ok');
    expect(aborted).toBe(true);
    expect(report.warnings.join(' ')).toMatch(/systeminformation did not answer in time/);
    expect(report.system?.ramTotalMiB).toBeGreaterThan(0); // from node's own figures
  });

  it('survives a systeminformation that throws', async () => {
    const broken: SystemInfoProvider = async () => {
      throw new Error('boom');
    };
    const report = await detectGpus(
      against(noNvidiaSmiEnv(), { useSystemInformation: true, systemInformation: broken }),
    );
    expect(report.status).toBe('nvidia-smi-missing');
    expect(report.warnings).toContain('systeminformation failed: boom');
  });

  it('runs the real systeminformation in a child process on this machine', async () => {
    const report = await detectGpus({
      env: noNvidiaSmiEnv(),
      nvidiaSmiPlaces: [],
      rocmSmiPlaces: [],
      systemInformationTimeoutMs: 8000,
    });
    expect(report.system?.ramTotalMiB).toBe(Math.round((await import('node:os')).totalmem() / 2 ** 20));
    expect(report.system?.osName ?? '').not.toBe('');
    expect(report.warnings.filter((w) => /systeminformation/.test(w))).toEqual([]);
  });
});
