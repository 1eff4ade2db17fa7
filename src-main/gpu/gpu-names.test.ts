import { describe, expect, it } from 'vitest';
import { computeCapabilityFromName, vendorFromName } from './gpu-names';

describe('computeCapabilityFromName', () => {
  it.each([
    ['NVIDIA H100 80GB HBM3', '9.0'],
    ['NVIDIA H200', '9.0'],
    ['NVIDIA A100-SXM4-80GB', '8.0'],
    ['NVIDIA A10G', '8.6'],
    ['NVIDIA GeForce RTX 3090', '8.6'],
    ['NVIDIA RTX A6000', '8.6'],
    ['NVIDIA GeForce RTX 4090', '8.9'],
    ['NVIDIA L40S', '8.9'],
    ['NVIDIA L4', '8.9'],
    ['NVIDIA RTX 6000 Ada Generation', '8.9'],
    ['Tesla T4', '7.5'],
    ['Quadro RTX 6000', '7.5'],
    ['NVIDIA GeForce RTX 2080 Ti', '7.5'],
    ['Tesla V100-SXM2-32GB', '7.0'],
    ['Tesla P100-PCIE-16GB', '6.0'],
    ['Tesla P40', '6.1'],
    ['NVIDIA GeForce GTX 1080 Ti', '6.1'],
    ['Tesla K80', '3.7'],
    ['NVIDIA GeForce RTX 5090', '12.0'],
    ['NVIDIA B200', '10.0'],
  ])('%s → %s', (name, capability) => {
    expect(computeCapabilityFromName(name)).toBe(capability);
  });

  it('does not guess for unknown names', () => {
    expect(computeCapabilityFromName('Some Future GPU')).toBeUndefined();
  });
});

describe('vendorFromName', () => {
  it.each([
    ['RTX 4090', 'NVIDIA'],
    ['H100', 'NVIDIA'],
    ['MI300X', 'AMD'],
    ['AMD Instinct MI210', 'AMD'],
    ['Radeon RX 7900 XTX', 'AMD'],
    ['Intel Arc A770', 'Intel'],
    ['M3 Max', 'Apple'],
    ['Apple M2 Ultra', 'Apple'],
    ['Tesla M40', 'NVIDIA'],
  ] as const)('%s → %s', (name, vendor) => {
    expect(vendorFromName(name)).toBe(vendor);
  });
});
