import type { GpuInfo, GpuStatus } from './types';
import type { NvidiaFailure } from './nvidia-errors';

/** How the nvidia-smi part of detection ended. */
export type NvidiaOutcome =
  | { kind: 'answered' }
  | { kind: 'missing' }
  | { kind: 'failed'; failure: NvidiaFailure }
  | { kind: 'skipped' };

export interface StatusInput {
  nvidia: NvidiaOutcome;
  gpus: GpuInfo[];
  /** Whether systeminformation's graphics() answered (so "no GPU" can be said with confidence). */
  graphicsAnswered: boolean;
  /** NVIDIA devices systeminformation saw (names), for a missing nvidia-smi. */
  nvidiaDevicesSeen: string[];
  platform: NodeJS.Platform;
}

const TYPE_THEM_IN = 'You can type your GPUs in (name and memory) to plan for them.';

export function summariseGpus(gpus: GpuInfo[]): string {
  const counts = new Map<string, number>();
  for (const gpu of gpus) counts.set(gpu.name, (counts.get(gpu.name) ?? 0) + 1);
  return [...counts].map(([name, count]) => (count > 1 ? `${count} × ${name}` : name)).join(', ');
}

export function foundGpusMessage(gpus: GpuInfo[]): string {
  return `Found ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}: ${summariseGpus(gpus)}.`;
}

/** The report's status and the sentence that explains it. */
export function decideStatus(input: StatusInput): { status: GpuStatus; statusMessage: string } {
  const { nvidia, gpus } = input;
  if (nvidia.kind === 'failed' && nvidia.failure.status !== 'no-gpu') {
    const also = gpus.length ? ` Other GPUs found: ${summariseGpus(gpus)}.` : '';
    return { status: nvidia.failure.status, statusMessage: nvidia.failure.message + also };
  }
  if (nvidia.kind === 'missing' && input.nvidiaDevicesSeen.length) {
    return {
      status: 'nvidia-smi-missing',
      statusMessage:
        `This machine has an NVIDIA GPU (${input.nvidiaDevicesSeen.join(', ')}) but nvidia-smi was not found, ` +
        'so the NVIDIA driver is probably not installed. Install the driver, then detect again.',
    };
  }
  if (gpus.length) return { status: 'ok', statusMessage: foundGpusMessage(gpus) };
  if (nvidia.kind === 'failed') {
    return { status: 'no-gpu', statusMessage: `${nvidia.failure.message} ${TYPE_THEM_IN}` };
  }
  if (nvidia.kind === 'answered') {
    return { status: 'no-gpu', statusMessage: `nvidia-smi lists no GPU on this machine. ${TYPE_THEM_IN}` };
  }
  if (input.graphicsAnswered || input.platform === 'darwin') {
    const why = nvidia.kind === 'missing' ? 'nvidia-smi is not installed and ' : '';
    return {
      status: 'no-gpu',
      statusMessage: `No GPU found on this machine: ${why}no graphics device that can run models was seen. ${TYPE_THEM_IN}`,
    };
  }
  return {
    status: 'nvidia-smi-missing',
    statusMessage:
      'nvidia-smi was not found (on PATH or in the usual places), so NVIDIA GPUs cannot be seen. ' +
      `If this machine has one, install the NVIDIA driver. ${TYPE_THEM_IN}`,
  };
}
