import { describe, expect, it } from 'vitest';
import { csvCell, csvNumber, parseComputeApps, parseGpuQuery, parseQueryCsv } from './nvidia-csv';
import { fixtureText } from '../../test/helpers/fake-nvidia-smi';

const UUID = 'GPU-2c68a951-682a-942f-f15c-0c77f95a668f';
const NOUNITS_FIELDS = [
  'index',
  'name',
  'uuid',
  'driver_version',
  'compute_cap',
  'memory.total',
  'memory.used',
  'memory.free',
];

describe('parseGpuQuery', () => {
  it('reads the captured noheader,nounits query of the busy H100', () => {
    const gpus = parseGpuQuery(fixtureText('nvidia-h100-busy', 'query-gpu-nounits.csv'), NOUNITS_FIELDS);
    expect(gpus).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        uuid: UUID,
        driverVersion: '580.159.04',
        computeCapability: '9.0',
        memoryTotalMiB: 81559,
        memoryUsedMiB: 31247,
        memoryFreeMiB: 49833,
      },
    ]);
  });

  it('skips the header and strips units when the query was made with plain --format=csv', () => {
    const fields =
      'index,name,uuid,pci.bus_id,driver_version,compute_cap,memory.total,memory.used,memory.free,memory.reserved,utilization.gpu,temperature.gpu,power.draw,power.limit,pstate,clocks.max.sm'.split(
        ',',
      );
    const [gpu, ...rest] = parseGpuQuery(fixtureText('nvidia-h100-idle', 'query-gpu.csv'), fields);
    expect(rest).toEqual([]);
    expect(gpu).toMatchObject({
      index: 0,
      pciBusId: '00000000:00:06.0',
      memoryTotalMiB: 81559,
      memoryUsedMiB: 0,
      memoryFreeMiB: 81079,
    });
  });

  it('leaves out values nvidia-smi reports as [N/A] or [Not Supported], and several GPUs keep their order', () => {
    const text = '0, Tesla T4, [N/A], 15360, [Not Supported], 15000\n1, Tesla T4, GPU-b, 15360, 100, 15260\n';
    const gpus = parseGpuQuery(text, ['index', 'name', 'uuid', 'memory.total', 'memory.used', 'memory.free']);
    expect(gpus.map((g) => g.index)).toEqual([0, 1]);
    expect(gpus[0]).toEqual({ index: 0, name: 'Tesla T4', memoryTotalMiB: 15360, memoryFreeMiB: 15000 });
    expect(gpus[1].uuid).toBe('GPU-b');
  });

  it('ignores lines that are not data rows', () => {
    expect(parseGpuQuery('No devices were found\n\n', NOUNITS_FIELDS)).toEqual([]);
  });
});

describe('parseComputeApps', () => {
  it('reads the busy fixture: pid 519, python3, 31238 MiB on the H100', () => {
    expect(parseComputeApps(fixtureText('nvidia-h100-busy', 'compute-apps.csv'))).toEqual([
      { pid: 519, name: 'python3', usedMiB: 31238, gpuUuid: UUID },
    ]);
  });

  it('reads the idle fixture (header only) as no process', () => {
    expect(parseComputeApps(fixtureText('nvidia-h100-idle', 'compute-apps-idle.csv'))).toEqual([]);
  });

  it('keeps a process name that contains commas whole', () => {
    const text = '4242, C:\\Program Files\\My, App\\app.exe, 1024, GPU-x\n';
    expect(parseComputeApps(text)).toEqual([
      { pid: 4242, name: 'C:\\Program Files\\My, App\\app.exe', usedMiB: 1024, gpuUuid: 'GPU-x' },
    ]);
  });
});

describe('cells', () => {
  it('reads numbers with or without units and rejects placeholders', () => {
    expect(csvNumber('81559 MiB')).toBe(81559);
    expect(csvNumber(' 92.00 ')).toBe(92);
    expect(csvNumber('[N/A]')).toBeUndefined();
    expect(csvCell('[Insufficient Permissions]')).toBeUndefined();
    expect(parseQueryCsv('a, b\n', ['x', 'y', 'z'])).toEqual([]);
  });
});
