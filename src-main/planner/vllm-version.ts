/** vLLM versions: parsing, ordering, and the behaviour changes the estimate depends on. */

/** The newest vLLM release whose memory behaviour this planner models. */
export const NEWEST_KNOWN_VLLM = '0.20.0';

export interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
}

/** Parses `0.19.0`, `v0.11.0+582e4e37.nv25.11`, `0.8.5.post1`; undefined when it is not a version. */
export function parseVersion(text: string): ParsedVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
  return pa.major - pb.major || pa.minor - pb.minor || pa.patch - pb.patch;
}

export function atLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

/** The engine a version runs by default: V1 from 0.8.0 on, V0 before. */
export function defaultEngine(version: string): 'V0' | 'V1' {
  return atLeast(version, '0.8.0') ? 'V1' : 'V0';
}

/** `--max-model-len auto` (and `-1`) lets vLLM pick the longest context that fits (v0.14.0+). */
export function supportsMaxModelLenAuto(version: string): boolean {
  return atLeast(version, '0.14.0');
}

/** From v0.21 vLLM estimates CUDA-graph memory while profiling and takes it out of the KV budget. */
export function cudaGraphsInBudget(version: string, engine: 'V0' | 'V1'): boolean {
  return engine === 'V1' && atLeast(version, '0.21.0');
}

/** vLLM's default `gpu_memory_utilization`: 0.90, raised to 0.92 in v0.21. */
export function defaultGpuMemoryUtilization(version: string): number {
  return atLeast(version, '0.21.0') ? 0.92 : 0.9;
}

/** `--max-model-len 32k` style suffixes are accepted from v0.8.4. */
export function supportsHumanReadableLengths(version: string): boolean {
  return atLeast(version, '0.8.4');
}
