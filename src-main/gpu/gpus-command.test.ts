import { describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/io';
import { runCli } from '../cli';
import { createGpusCommand, gpusCommand } from './gpus-command';
import { detectGpus } from './detect';
import { parseSystemInfoSnapshot } from './system-info-source';
import { fakeNvidiaSmi, recordedSystemInformation, type FakeMode } from '../../test/helpers/fake-nvidia-smi';
import type { GpuReport } from './types';

function fakeIO(env: NodeJS.ProcessEnv): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    stderrIsTTY: false,
    readStdin: async function* () {},
    env,
    out: () => out,
    err: () => err,
  };
}

/** The command as shipped, but with systeminformation's answers recorded on the H100 machine. */
const withRecordedSystemInformation = createGpusCommand((options) =>
  detectGpus({
    ...options,
    nvidiaSmiPlaces: [],
    rocmSmiPlaces: [],
    systemInformation: async () =>
      parseSystemInfoSnapshot(recordedSystemInformation('nvidia-h100-busy')) ?? {},
  }),
);

describe('serve-doctor gpus', () => {
  it('prints the documented JSON for the busy H100', async () => {
    const io = fakeIO(fakeNvidiaSmi('nvidia-h100-busy').env);
    expect(await withRecordedSystemInformation(['--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as GpuReport;
    expect(report.status).toBe('ok');
    const { fieldSources, ...gpu } = report.gpus[0];
    expect(gpu).toEqual({
      index: 0,
      vendor: 'NVIDIA',
      name: 'NVIDIA H100 80GB HBM3',
      uuid: 'GPU-2c68a951-682a-942f-f15c-0c77f95a668f',
      memoryTotalMiB: 81559,
      memoryUsedMiB: 31247,
      memoryFreeMiB: 49833,
      computeCapability: '9.0',
      driverVersion: '580.159.04',
      cudaVersion: '13.0',
      processes: [{ pid: 519, name: 'python3', usedMiB: 31238 }],
      sources: ['nvidia-smi'],
    });
    expect(Object.keys(report.gpus[0]).slice(0, 3)).toEqual(['index', 'vendor', 'name']);
    expect(fieldSources?.memoryUsedMiB).toBe('nvidia-smi');
    expect(report.system?.osName).toBe('Ubuntu 24.04.3 LTS');
    expect(io.err()).toBe('');
  });

  it('prints a readable table with the process list', async () => {
    const io = fakeIO(fakeNvidiaSmi('nvidia-h100-busy').env);
    expect(await withRecordedSystemInformation([], io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[0]).toMatch(/^GPU\s+Name\s+Total\s+Used\s+Free\s+CC\s+Driver\s+CUDA\s+Source$/);
    expect(lines[1]).toMatch(
      /^0\s+NVIDIA H100 80GB HBM3\s+81559 MiB\s+31247 MiB\s+49833 MiB\s+9\.0\s+580\.159\.04\s+13\.0\s+nvidia-smi$/,
    );
    expect(io.out()).toMatch(/GPU 0\s+pid 519\s+python3\s+31238 MiB/);
    expect(io.out()).toMatch(/Status: ok — Found 1 GPU: NVIDIA H100 80GB HBM3\./);
    expect(io.out()).toMatch(/System: Ubuntu 24\.04\.3 LTS \(\w+ x64\), RAM 125\.9 GiB/);
  });

  it.each([
    ['broken-driver', 'driver-error', /couldn't communicate with the NVIDIA driver/],
    ['hang', 'nvidia-smi-timeout', /did not answer within 0\.3 s/],
  ] as [FakeMode, string, RegExp][])(
    'exits 0 and says what happened when nvidia-smi is %s',
    async (mode, status, message) => {
      const io = fakeIO(fakeNvidiaSmi('nvidia-h100-busy', mode).env);
      expect(await gpusCommand(['--json', '--no-system-info', '--timeout', '300'], io)).toBe(0);
      const report = JSON.parse(io.out()) as GpuReport;
      expect(report.status).toBe(status);
      expect(report.statusMessage).toMatch(message);
      expect(report.gpus).toEqual([]);

      const table = fakeIO(fakeNvidiaSmi('nvidia-h100-busy', mode).env);
      expect(await gpusCommand(['--no-system-info', '--timeout=300'], table)).toBe(0);
      expect(table.out()).toMatch(new RegExp(`^Status: ${status} — `));
    },
  );

  it('is what `serve-doctor gpus` runs, and rejects unknown options', async () => {
    const io = fakeIO(fakeNvidiaSmi('nvidia-h100-idle').env);
    expect(await runCli(['gpus', '--json', '--no-system-info'], io)).toBe(0);
    expect((JSON.parse(io.out()) as GpuReport).gpus[0].memoryFreeMiB).toBe(81079);
    const bad = fakeIO({});
    expect(await runCli(['gpus', '--frobnicate'], bad)).toBe(2);
    expect(bad.err()).toMatch(/unknown option '--frobnicate'/);
    expect(await runCli(['gpus', '--timeout', 'soon'], bad)).toBe(2);
  });
});
