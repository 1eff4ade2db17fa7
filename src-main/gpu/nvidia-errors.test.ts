import { describe, expect, it } from 'vitest';
import { classifyNvidiaSmiFailure, rejectedQueryField } from './nvidia-errors';

describe('nvidia-smi failures', () => {
  it('names the field an old driver refuses', () => {
    expect(rejectedQueryField('Field "compute_cap" is not a valid field to query.\n\n')).toBe('compute_cap');
    expect(rejectedQueryField('0, NVIDIA H100')).toBeUndefined();
  });

  it.each([
    [
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure…",
      9,
      'driver-error',
      /not working/,
    ],
    ['Failed to initialize NVML: Driver/library version mismatch', 18, 'driver-error', /different versions/],
    ['No devices were found', 6, 'no-gpu', /found no NVIDIA GPU/],
    ['something new', 3, 'nvidia-smi-failed', /exit code 3.*something new/],
  ] as const)('%s → %s', (output, code, status, message) => {
    const failure = classifyNvidiaSmiFailure(output, code, null);
    expect(failure.status).toBe(status);
    expect(failure.message).toMatch(message);
  });

  it('reports a crash by its signal', () => {
    expect(classifyNvidiaSmiFailure('', null, 'SIGSEGV')).toMatchObject({
      status: 'nvidia-smi-failed',
      message: expect.stringMatching(/SIGSEGV/),
    });
  });
});
