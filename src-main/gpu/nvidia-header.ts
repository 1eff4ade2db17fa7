/**
 * Versions from nvidia-smi's plain banner (`nvidia-smi`), `nvidia-smi -q`, or `nvidia-smi -q -x`.
 * The CUDA version is not a `--query-gpu` field; it is the newest CUDA the driver supports.
 */
export interface NvidiaVersions {
  driverVersion?: string;
  cudaVersion?: string;
}

const CUDA_PATTERNS = [
  /CUDA Version\s*:\s*(\d+\.\d+)/i, // banner "CUDA Version: 13.0" and -q "CUDA Version   : 13.0"
  /<cuda_version>\s*(\d+\.\d+)\s*<\/cuda_version>/i, // -q -x
];
const DRIVER_PATTERNS = [
  /Driver Version\s*:\s*(\d+(?:\.\d+)+)/i,
  /<driver_version>\s*(\d+(?:\.\d+)+)\s*<\/driver_version>/i,
];

function firstMatch(text: string, patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

export function parseNvidiaVersions(text: string): NvidiaVersions {
  const versions: NvidiaVersions = {};
  const cuda = firstMatch(text, CUDA_PATTERNS);
  if (cuda) versions.cudaVersion = cuda;
  const driver = firstMatch(text, DRIVER_PATTERNS);
  if (driver) versions.driverVersion = driver;
  return versions;
}
