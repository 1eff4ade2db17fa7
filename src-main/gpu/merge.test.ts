import { describe, expect, it } from 'vitest';
import { mergeGpus, pciKey } from './merge';
import { parseRocmSmiJson } from './rocm-source';
import { parseSystemInfoSnapshot } from './system-info-source';
import type { NvidiaGpuRow } from './nvidia-csv';
import { recordedSystemInformation } from '../../test/helpers/fake-nvidia-smi';

const RAM = 65536;
const versions = { cudaVersion: '12.8', driverVersion: '570.86.15' };

function row(index: number, bus: string): NvidiaGpuRow {
  return {
    index,
    name: 'NVIDIA L40S',
    uuid: `GPU-${index}`,
    pciBusId: bus,
    computeCapability: '8.9',
    memoryTotalMiB: 46068,
    memoryUsedMiB: 0,
    memoryFreeMiB: 45589,
  };
}

describe('pciKey', () => {
  it('reduces the spellings of one PCI address to one key', () => {
    expect(pciKey('00000000:3B:00.0')).toBe(pciKey('3b:00.0'));
    expect(pciKey('0000:3b:00.0')).toBe(pciKey('3b:00.0'));
    expect(pciKey('00:00.6')).not.toBe(pciKey('00000000:00:06.0'));
    expect(pciKey('Built-In')).toBeUndefined();
  });
});

describe('mergeGpus', () => {
  it('keeps the recorded H100 controller (whose bus address systeminformation garbled) as one GPU', () => {
    const si = parseSystemInfoSnapshot(recordedSystemInformation('nvidia-h100-idle'));
    const rows: NvidiaGpuRow[] = [
      { index: 0, name: 'NVIDIA H100 80GB HBM3', pciBusId: '00000000:00:06.0', memoryTotalMiB: 81559 },
    ];
    const { gpus, warnings } = mergeGpus({
      nvidia: { rows, versions },
      controllers: si?.graphics?.controllers,
      systemRamMiB: RAM,
    });
    expect(gpus).toHaveLength(1);
    expect(gpus[0].memoryTotalMiB).toBe(81559);
    expect(warnings).toEqual([]);
  });

  it('matches two identical cards by bus id, and fills a value only systeminformation has', () => {
    const rows = [row(0, '00000000:3B:00.0'), { ...row(1, '00000000:AF:00.0'), memoryTotalMiB: undefined }];
    const controllers = [
      { vendor: 'NVIDIA Corporation', model: 'NVIDIA L40S', busAddress: 'af:00.0', vram: 46068 },
      { vendor: 'NVIDIA Corporation', model: 'NVIDIA L40S', busAddress: '3b:00.0', vram: 40000 },
    ];
    const { gpus } = mergeGpus({ nvidia: { rows, versions }, controllers, systemRamMiB: RAM });
    expect(gpus.map((g) => g.memoryTotalMiB)).toEqual([46068, 46068]);
    expect(gpus[1].fieldSources?.memoryTotalMiB).toBe('systeminformation');
    expect(gpus[1].sources).toEqual(['nvidia-smi', 'systeminformation']);
    expect(gpus[0].sources).toEqual(['nvidia-smi']);
  });

  it('adds an Apple Silicon GPU with the system RAM as its memory', () => {
    const controllers = [
      { vendor: 'Apple', model: 'Apple M3 Max', bus: 'Built-In', vram: null, vramDynamic: true },
    ];
    const { gpus } = mergeGpus({ controllers, systemRamMiB: RAM });
    expect(gpus).toEqual([
      expect.objectContaining({
        index: 0,
        vendor: 'Apple',
        name: 'Apple M3 Max',
        memoryTotalMiB: RAM,
        sources: ['systeminformation', 'system-memory'],
      }),
    ]);
    expect(gpus[0].fieldSources?.memoryTotalMiB).toBe('system-memory');
  });

  it('drops server management chips and ignores PCI window sizes as memory', () => {
    const controllers = [
      { vendor: 'ASPEED Technology, Inc.', model: 'ASPEED Graphics Family', vram: 64 },
      { vendor: 'Intel Corporation', model: 'UHD Graphics 770', vram: 256, vramDynamic: true },
    ];
    const { gpus } = mergeGpus({ controllers, systemRamMiB: RAM });
    expect(gpus.map((g) => [g.vendor, g.name, g.memoryTotalMiB])).toEqual([
      ['Intel', 'UHD Graphics 770', undefined],
    ]);
  });

  it('joins an AMD card from systeminformation with rocm-smi by bus id, numbering as rocm-smi does', () => {
    // Shape of `rocm-smi --showproductname --showmeminfo vram --showbus --json` (written for this test,
    // not captured from a real machine).
    const rocm = parseRocmSmiJson(
      JSON.stringify({
        card0: {
          'Card series': 'AMD Instinct MI210',
          'PCI Bus': '0000:03:00.0',
          'VRAM Total Memory (B)': '68702699520',
          'VRAM Total Used Memory (B)': '10485760',
        },
        card1: {
          'Card Series': 'AMD Instinct MI210',
          'PCI Bus': '0000:83:00.0',
          'VRAM Total Memory (B)': '68702699520',
          'VRAM Total Used Memory (B)': '0',
        },
        system: { 'Driver version': '6.8.5' },
      }),
    );
    expect(rocm.map((card) => card.index)).toEqual([0, 1]);
    const controllers = [
      {
        vendor: 'Advanced Micro Devices, Inc. [AMD/ATI]',
        model: 'Aldebaran/MI200',
        busAddress: '83:00.0',
        vram: 256,
      },
    ];
    const { gpus } = mergeGpus({ controllers, rocm, systemRamMiB: RAM });
    expect(gpus.map((g) => [g.index, g.name, g.memoryTotalMiB, g.memoryUsedMiB, g.memoryFreeMiB])).toEqual([
      [1, 'AMD Instinct MI210', 65520, 0, 65520],
      [0, 'AMD Instinct MI210', 65520, 10, 65510],
    ]);
    expect(gpus[0].sources).toEqual(['systeminformation', 'rocm-smi']);
    expect(gpus[1].sources).toEqual(['rocm-smi']);
  });

  it('returns nothing from nothing', () => {
    expect(mergeGpus({ systemRamMiB: RAM })).toEqual({ gpus: [], warnings: [] });
    expect(parseRocmSmiJson('not json')).toEqual([]);
  });
});
