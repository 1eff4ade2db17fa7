import { runCommand } from './run-command';

/** One AMD GPU as `rocm-smi --showproductname --showmeminfo vram --showbus --json` reports it. */
export interface RocmGpu {
  index: number;
  name?: string;
  pciBusId?: string;
  memoryTotalMiB?: number;
  memoryUsedMiB?: number;
}

export const ROCM_SMI_ARGS = ['--showproductname', '--showmeminfo', 'vram', '--showbus', '--json'];

const MIB = 1024 * 1024;

/** A value by key, ignoring case (rocm-smi versions spell "Card series" / "Card Series"). */
function pick(card: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const [key, value] of Object.entries(card)) {
    if (keys.some((wanted) => wanted.toLowerCase() === key.toLowerCase()) && typeof value === 'string') {
      const text = value.trim();
      if (text && text.toLowerCase() !== 'n/a') return text;
    }
  }
  return undefined;
}

function bytesToMiB(text: string | undefined): number | undefined {
  if (!text || !/^\d+$/.test(text)) return undefined;
  return Math.round(Number(text) / MIB);
}

/** Parses rocm-smi's JSON (`{"card0": {...}, "card1": {...}, "system": {...}}`). */
export function parseRocmSmiJson(text: string): RocmGpu[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const gpus: RocmGpu[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const match = /^card(\d+)$/i.exec(key);
    if (!match || typeof value !== 'object' || value === null) continue;
    const card = value as Record<string, unknown>;
    const gpu: RocmGpu = { index: Number(match[1]) };
    const name = pick(card, 'Card Series', 'Card series', 'Device Name', 'Card Model');
    if (name) gpu.name = name;
    const bus = pick(card, 'PCI Bus');
    if (bus) gpu.pciBusId = bus;
    const total = bytesToMiB(pick(card, 'VRAM Total Memory (B)'));
    if (total !== undefined) gpu.memoryTotalMiB = total;
    const used = bytesToMiB(pick(card, 'VRAM Total Used Memory (B)'));
    if (used !== undefined) gpu.memoryUsedMiB = used;
    gpus.push(gpu);
  }
  return gpus.sort((a, b) => a.index - b.index);
}

export async function readRocmSmi(
  binary: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<RocmGpu[] | string> {
  const outcome = await runCommand(binary, ROCM_SMI_ARGS, { timeoutMs, env });
  if (outcome.kind === 'exited' && outcome.code === 0) return parseRocmSmiJson(outcome.stdout);
  return `rocm-smi did not answer (${outcome.kind === 'exited' ? `exit ${outcome.code}` : outcome.kind}).`;
}
