/**
 * Test helpers around the `nvidia-smi` stand-in in this folder: an environment that puts it first
 * on PATH and points it at a captured fixture folder, and the recorded systeminformation answers.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FAKE_NVIDIA_SMI_FOLDER = __dirname;
export const GPU_FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'gpu');

export type GpuFixture = 'nvidia-h100-idle' | 'nvidia-h100-busy';
export type FakeMode = 'ok' | 'broken-driver' | 'hang' | 'driver-470' | 'no-devices';

export interface FakeNvidiaSmi {
  env: NodeJS.ProcessEnv;
  /** Every call's arguments, in order (read after the calls). */
  calls: () => string[][];
}

/**
 * An environment whose PATH holds only the stand-in and node itself (the stand-in is a node
 * script), so that a real nvidia-smi on the test machine is never found first.
 */
export function fakeNvidiaSmi(fixture: GpuFixture, mode: FakeMode = 'ok'): FakeNvidiaSmi {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'fake-nvidia-smi-')), 'calls.jsonl');
  const env: NodeJS.ProcessEnv = {
    PATH: [FAKE_NVIDIA_SMI_FOLDER, path.dirname(process.execPath)].join(path.delimiter),
    FAKE_NVIDIA_SMI_DIR: path.join(GPU_FIXTURES, fixture),
    FAKE_NVIDIA_SMI_MODE: mode,
    FAKE_NVIDIA_SMI_LOG: log,
  };
  return {
    env,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as string[])
        : [],
  };
}

/** An environment with no nvidia-smi anywhere on PATH. */
export function noNvidiaSmiEnv(): NodeJS.ProcessEnv {
  return { PATH: mkdtempSync(path.join(tmpdir(), 'empty-path-')) };
}

/** systeminformation's answers recorded on the H100 machine (graphics, mem, os, cpu). */
export function recordedSystemInformation(fixture: GpuFixture): unknown {
  return JSON.parse(readFileSync(path.join(GPU_FIXTURES, fixture, 'systeminformation.json'), 'utf8'));
}

export function fixtureText(fixture: GpuFixture, file: string): string {
  return readFileSync(path.join(GPU_FIXTURES, fixture, file), 'utf8');
}
