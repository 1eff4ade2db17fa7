import os from 'node:os';
import type { SystemSummary } from './types';
import type { SystemInfoSnapshot } from './system-info-source';

const MIB = 1024 * 1024;

export interface HostFacts {
  platform: NodeJS.Platform;
  arch: string;
  totalMemBytes: number;
  freeMemBytes: number;
  kernelRelease: string;
}

export function hostFacts(): HostFacts {
  return {
    platform: process.platform,
    arch: process.arch,
    totalMemBytes: os.totalmem(),
    freeMemBytes: os.freemem(),
    kernelRelease: os.release(),
  };
}

/** The OS and RAM: systeminformation's words where it answered, node's own numbers otherwise. */
export function summariseSystem(host: HostFacts, si: SystemInfoSnapshot | undefined): SystemSummary {
  const summary: SystemSummary = {
    os: host.platform,
    arch: si?.os?.arch ?? host.arch,
    ramTotalMiB: Math.round((si?.mem?.total ?? host.totalMemBytes) / MIB),
    ramFreeMiB: Math.round((si?.mem?.available ?? host.freeMemBytes) / MIB),
  };
  const osName = [si?.os?.distro, si?.os?.release].filter(Boolean).join(' ');
  if (osName) summary.osName = osName;
  const kernel = si?.os?.kernel ?? host.kernelRelease;
  if (host.platform === 'linux' && /microsoft|wsl/i.test(kernel)) summary.wsl = true;
  return summary;
}
