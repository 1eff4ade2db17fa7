import { describe, expect, it } from 'vitest';
import { parseNvidiaVersions } from './nvidia-header';
import { fixtureText } from '../../test/helpers/fake-nvidia-smi';

describe('parseNvidiaVersions', () => {
  it.each([
    ['nvidia-h100-idle', 'nvidia-smi.txt'],
    ['nvidia-h100-busy', 'nvidia-smi.txt'],
    ['nvidia-h100-idle', 'nvidia-smi-q.txt'],
    ['nvidia-h100-idle', 'nvidia-smi-q.xml'],
    ['nvidia-h100-busy', 'nvidia-smi-q.xml'],
  ] as const)('reads CUDA 13.0 and driver 580.159.04 from %s/%s', (fixture, file) => {
    expect(parseNvidiaVersions(fixtureText(fixture, file))).toEqual({
      cudaVersion: '13.0',
      driverVersion: '580.159.04',
    });
  });

  it('returns nothing from text without versions', () => {
    expect(parseNvidiaVersions('GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-2c68)')).toEqual({});
  });

  it('reads an older banner layout', () => {
    const banner = '| NVIDIA-SMI 470.256.02   Driver Version: 470.256.02   CUDA Version: 11.4     |';
    expect(parseNvidiaVersions(banner)).toEqual({ cudaVersion: '11.4', driverVersion: '470.256.02' });
  });
});
