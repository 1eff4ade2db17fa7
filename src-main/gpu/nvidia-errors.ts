import type { GpuStatus } from './types';

/** What a failed nvidia-smi run means, in words a person can act on. */
export interface NvidiaFailure {
  status: Exclude<GpuStatus, 'ok'>;
  message: string;
}

/** The field a driver refused, from `Field "compute_cap" is not a valid field to query.` */
export function rejectedQueryField(output: string): string | undefined {
  return /Field "([^"]+)" is not a valid field to query/i.exec(output)?.[1];
}

function firstLine(output: string): string {
  return (
    output
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

/** Explains a nonzero exit (or a crash) of nvidia-smi from what it printed. */
export function classifyNvidiaSmiFailure(
  output: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): NvidiaFailure {
  const said = firstLine(output);
  if (/No devices were found/i.test(output)) {
    return { status: 'no-gpu', message: 'nvidia-smi is installed but found no NVIDIA GPU on this machine.' };
  }
  if (/version mismatch/i.test(output)) {
    return {
      status: 'driver-error',
      message:
        'The NVIDIA driver is broken: its kernel module and its libraries are different versions ' +
        '(usually after a driver update). Reboot, or reload the nvidia kernel module. ' +
        `nvidia-smi said: "${said}"`,
    };
  }
  if (
    /couldn't communicate with the NVIDIA driver|Failed to initialize NVML|driver\/library|NVML/i.test(output)
  ) {
    return {
      status: 'driver-error',
      message:
        'The NVIDIA driver is not working: nvidia-smi could not talk to it. Check that the driver is ' +
        'installed and loaded (in a container: that the GPU was passed in, e.g. `--gpus all`). ' +
        `nvidia-smi said: "${said}"`,
    };
  }
  if (/Insufficient Permissions/i.test(output)) {
    return {
      status: 'driver-error',
      message: `nvidia-smi may not read the GPU as this user (insufficient permissions). nvidia-smi said: "${said}"`,
    };
  }
  if (signal) {
    return {
      status: 'nvidia-smi-failed',
      message: `nvidia-smi crashed (${signal}); the driver may be broken or mismatched.`,
    };
  }
  return {
    status: 'nvidia-smi-failed',
    message: `nvidia-smi failed (exit code ${code ?? 'unknown'})${said ? `: "${said}"` : ' without saying why'}.`,
  };
}
