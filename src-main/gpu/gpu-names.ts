import type { GpuVendor } from './types';

/**
 * Facts read off a GPU's product name: its vendor, and an NVIDIA GPU's compute capability
 * (for drivers older than 510 that cannot report `compute_cap`, and for GPUs typed in by hand).
 * Capabilities are from NVIDIA's published CUDA GPU list.
 */
const CAPABILITY_BY_NAME: ReadonlyArray<[RegExp, string]> = [
  // Blackwell
  [/\bgb10\b/, '12.1'],
  [/\brtx pro \d{4}.*blackwell|\brtx 50\d0\b/, '12.0'],
  [/\bg?b300\b/, '10.3'],
  [/\bg?b[12]00\b/, '10.0'],
  // Hopper
  [/\bgh200\b|\bh(100|200|800|20)\b/, '9.0'],
  // Ada Lovelace
  [/\bl(4|20|40|40s|40g)\b|\brtx (40\d0)\b|\brtx \d{4} ada\b|\bada generation\b/, '8.9'],
  // Ampere
  [/\bjetson agx orin|\borin\b/, '8.7'],
  [/\ba(100|800|30)\b/, '8.0'],
  [/\ba(2|10|10g|10m|16|40)\b|\brtx a\d{3,4}\b|\brtx 30\d0\b/, '8.6'],
  // Turing
  [/\bt4\b|\brtx 20\d0\b|\bgtx 16\d0\b|\btitan rtx\b|\bquadro rtx\b|\bt(400|600|1000|1200|2000)\b/, '7.5'],
  // Volta
  [/\bxavier\b/, '7.2'],
  [/\bv100\b|\btitan v\b/, '7.0'],
  // Pascal
  [/\bp100\b/, '6.0'],
  [/\bp(4|6|40)\b|\bgtx 10\d0\b|\btitan xp?\b.*pascal|\btitan xp\b|\bquadro p\d+/, '6.1'],
  // Maxwell
  [/\bm(4|6|10|40|60)\b|\bgtx 9\d0\b|\btitan x\b/, '5.2'],
  [/\bgtx 750\b/, '5.0'],
  // Kepler
  [/\bk80\b/, '3.7'],
  [/\bk(20|20x|40)\b/, '3.5'],
];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_/]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The compute capability an NVIDIA GPU of this name has, when the name is known. */
export function computeCapabilityFromName(name: string): string | undefined {
  const normalised = normalise(name);
  for (const [pattern, capability] of CAPABILITY_BY_NAME) {
    if (pattern.test(normalised)) return capability;
  }
  return undefined;
}

/** The vendor from a vendor string ("NVIDIA Corporation", "Advanced Micro Devices, Inc. [AMD/ATI]"). */
export function vendorFromVendorString(vendor: string | undefined): GpuVendor | undefined {
  const v = (vendor ?? '').toLowerCase();
  if (v.includes('nvidia')) return 'NVIDIA';
  if (v.includes('amd') || v.includes('advanced micro devices') || v.includes('ati ')) return 'AMD';
  if (v.includes('intel')) return 'Intel';
  if (v.includes('apple')) return 'Apple';
  return undefined;
}

/** The vendor a product name implies, for names typed in by hand ("RTX 4090", "MI300X", "M3 Max"). */
export function vendorFromName(name: string): GpuVendor {
  const n = normalise(name);
  const byVendorWord = vendorFromVendorString(n);
  if (byVendorWord) return byVendorWord;
  if (/\b(geforce|quadro|tesla|titan|rtx|gtx|jetson)\b/.test(n)) return 'NVIDIA';
  if (/\b(radeon|instinct|mi\d{2,3}[a-z]?|rx \d{3,4})\b/.test(n)) return 'AMD';
  if (/\b(arc|iris|uhd graphics|data center gpu max|gaudi)\b/.test(n)) return 'Intel';
  if (/^m[1-9]( pro| max| ultra)?\b/.test(n)) return 'Apple';
  if (computeCapabilityFromName(n)) return 'NVIDIA';
  return 'Other';
}
