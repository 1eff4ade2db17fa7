import type { GpuInfo, GpuReport } from './types';
import { summariseGpus } from './report-status';

/** GPU facts read out of a log. Memory is as vLLM prints it: PyTorch's total, in GiB (bytes / 2^30). */
export interface LogGpuFacts {
  gpuName?: string;
  totalGpuMemoryGiB?: number;
}

export interface LogMachineComparison {
  /** false: the log came from another machine, so plan for the log's GPU. */
  sameMachine: boolean | 'unknown';
  message: string;
}

const VENDOR_WORDS = new Set([
  'nvidia',
  'geforce',
  'tesla',
  'quadro',
  'amd',
  'radeon',
  'corporation',
  'graphics',
  'gpu',
]);
/** Words that describe a variant's packaging, not which product it is. */
const PACKAGING = /^(\d+gb|hbm\d*e?|sxm\d*|pcie|gddr\d*x?)$/;

function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '' && !VENDOR_WORDS.has(token));
}

/**
 * Whether two names name the same product: the same model words ("H100" / "NVIDIA H100 80GB HBM3",
 * but not "RTX 3090 Ti" / "RTX 3090"), and no conflicting memory size ("A100 40GB" / "A100-SXM4-80GB").
 */
export function gpuNamesMatch(a: string, b: string): boolean {
  const [ta, tb] = [nameTokens(a), nameTokens(b)];
  const model = (tokens: string[]): string =>
    [...new Set(tokens.filter((t) => !PACKAGING.test(t)))].sort().join(' ');
  if (model(ta) === '' || model(ta) !== model(tb)) return false;
  const sizes = (tokens: string[]): string[] => tokens.filter((t) => /^\d+gb$/.test(t));
  const [sa, sb] = [sizes(ta), sizes(tb)];
  return sa.length === 0 || sb.length === 0 || sa.some((size) => sb.includes(size));
}

/**
 * Whether PyTorch's total (what vLLM logs) fits nvidia-smi's `memory.total`. nvidia-smi counts the
 * memory the driver reserves (480 MiB on an H100: 81559 MiB vs PyTorch's 81079 MiB = 79.18 GiB;
 * up to about 2 % on smaller cards), so the log may show up to 5 % less, never more.
 */
export function logMemoryMatches(logGiB: number, detectedMiB: number): boolean {
  const logMiB = logGiB * 1024;
  const printRounding = 0.01 * 1024;
  return logMiB <= detectedMiB + printRounding && logMiB >= detectedMiB * 0.95 - printRounding;
}

function describeLog(facts: LogGpuFacts): string {
  const parts = [
    facts.gpuName,
    facts.totalGpuMemoryGiB !== undefined ? `${facts.totalGpuMemoryGiB} GiB` : undefined,
  ];
  return parts.filter(Boolean).join(' with ');
}

function describeHere(gpus: GpuInfo[]): string {
  return gpus
    .map((gpu) =>
      gpu.memoryTotalMiB !== undefined
        ? `${gpu.name} (${(gpu.memoryTotalMiB / 1024).toFixed(1)} GiB)`
        : gpu.name,
    )
    .filter((text, i, all) => all.indexOf(text) === i)
    .join(', ');
}

/** Compares the GPU a log ran on with the GPUs detected here. */
export function compareLogGpu(facts: LogGpuFacts, report: GpuReport): LogMachineComparison {
  if (!facts.gpuName && facts.totalGpuMemoryGiB === undefined) {
    return {
      sameMachine: 'unknown',
      message: 'The log names no GPU, so it cannot be compared with this machine.',
    };
  }
  const log = describeLog(facts);
  const other = `the log came from another machine, so plans are made for the log's GPU (${log}).`;
  const here = report.gpus.filter((gpu) => !gpu.sources.includes('manual'));
  if (here.length === 0) {
    if (report.status === 'no-gpu')
      return { sameMachine: false, message: `The log ran on ${log}; this machine has no GPU: ${other}` };
    return {
      sameMachine: 'unknown',
      message: `This machine's GPUs could not be read (${report.status}), so the log's GPU (${log}) cannot be compared with them.`,
    };
  }
  const named = facts.gpuName ? here.filter((gpu) => gpuNamesMatch(facts.gpuName ?? '', gpu.name)) : here;
  if (named.length === 0) {
    return {
      sameMachine: false,
      message: `The log ran on ${log}, but this machine has ${summariseGpus(here)}: ${other}`,
    };
  }
  if (facts.totalGpuMemoryGiB !== undefined) {
    const logGiB = facts.totalGpuMemoryGiB;
    const known = named.filter((gpu) => gpu.memoryTotalMiB !== undefined);
    const fits = known.filter((gpu) => logMemoryMatches(logGiB, gpu.memoryTotalMiB ?? 0));
    if (known.length > 0 && fits.length === 0) {
      return {
        sameMachine: false,
        message: `The log's GPU has ${logGiB} GiB, but this machine has ${describeHere(known)}: ${other}`,
      };
    }
    if (known.length === 0 && !facts.gpuName) {
      return {
        sameMachine: 'unknown',
        message: `This machine's GPU memory is unknown, so the log's ${logGiB} GiB cannot be compared.`,
      };
    }
    const match = fits[0] ?? named[0];
    return {
      sameMachine: true,
      message: `The log's GPU (${log}) matches this machine's GPU ${match.index} (${match.name}).`,
    };
  }
  return {
    sameMachine: true,
    message: `The log's GPU (${log}) matches this machine's GPU ${named[0].index} (${named[0].name}).`,
  };
}
