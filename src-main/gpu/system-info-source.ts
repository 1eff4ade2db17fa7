import { createRequire } from 'node:module';
import path from 'node:path';
import * as v from 'valibot';
import { runCommand } from './run-command';

/**
 * systeminformation, as the complement to nvidia-smi: non-NVIDIA GPUs, the OS and system RAM.
 * Its graphics() runs nvidia-smi, lspci and clinfo with execSync, which would freeze the calling
 * event loop for seconds, so it runs in a child process that is killed when it takes too long.
 */

const ControllerSchema = v.looseObject({
  vendor: v.optional(v.string()),
  model: v.optional(v.string()),
  name: v.optional(v.string()),
  bus: v.optional(v.string()),
  busAddress: v.optional(v.string()),
  pciBus: v.optional(v.string()),
  vram: v.optional(v.nullable(v.number())),
  vramDynamic: v.optional(v.boolean()),
  driverVersion: v.optional(v.string()),
  memoryTotal: v.optional(v.number()),
  memoryUsed: v.optional(v.number()),
  memoryFree: v.optional(v.number()),
});

const SnapshotSchema = v.object({
  graphics: v.optional(v.looseObject({ controllers: v.array(ControllerSchema) })),
  mem: v.optional(v.looseObject({ total: v.number(), available: v.optional(v.number()) })),
  os: v.optional(
    v.looseObject({
      platform: v.optional(v.string()),
      distro: v.optional(v.string()),
      release: v.optional(v.string()),
      arch: v.optional(v.string()),
      kernel: v.optional(v.string()),
    }),
  ),
  /** How long graphics() took, in ms. */
  graphicsMs: v.optional(v.number()),
});

export type SiController = v.InferOutput<typeof ControllerSchema>;
/** The parts of systeminformation's answers that detection uses. Any part may be missing. */
export type SystemInfoSnapshot = v.InferOutput<typeof SnapshotSchema> & {
  /** Why a part is missing (graphics() ran out of time, say), for the report's warnings. */
  problem?: string;
};

/** The seam: tests hand in recorded snapshots; the app uses `systemInformationInChild`. */
export type SystemInfoProvider = (request: {
  timeoutMs: number;
  signal: AbortSignal;
}) => Promise<SystemInfoSnapshot>;

/** Accepts systeminformation's answers (or a recorded fixture such as systeminformation.json). */
export function parseSystemInfoSnapshot(value: unknown): SystemInfoSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const normalised = { ...record, graphicsMs: record.graphicsMs ?? record.graphics_ms };
  delete (normalised as Record<string, unknown>).graphics_ms;
  const result = v.safeParse(SnapshotSchema, normalised);
  return result.success ? result.output : undefined;
}

/** Where systeminformation is installed, seen from this module (bundled or not) or the app. */
export function resolveSystemInformation(): string | undefined {
  const bases = [
    typeof __filename === 'string' ? __filename : undefined,
    process.argv[1],
    path.join(process.cwd(), 'index.js'),
  ];
  for (const base of bases) {
    if (!base) continue;
    try {
      return createRequire(base).resolve('systeminformation');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/**
 * The child's program. It prints the OS and memory on one line as soon as it has them, then the
 * graphics on a second line, so that a graphics() call that runs out of time still leaves the rest.
 */
const CHILD_SCRIPT = `
const si = require(process.argv[1]);
const say = (part) => process.stdout.write(JSON.stringify(part) + '\\n');
Promise.all([si.osInfo(), si.mem()])
  .then(([os, mem]) => say({ os: { platform: os.platform, distro: os.distro, release: os.release, arch: os.arch, kernel: os.kernel }, mem: { total: mem.total, available: mem.available } }))
  .catch(() => say({}))
  .then(() => { const started = Date.now(); return si.graphics().then((graphics) => say({ graphics: { controllers: graphics.controllers }, graphicsMs: Date.now() - started })); })
  .catch((error) => { process.stderr.write(String(error && error.message || error)); process.exitCode = 1; });
`;

/** Joins the child's JSON lines into one snapshot; lines that do not parse are skipped. */
export function joinChildLines(stdout: string): SystemInfoSnapshot {
  let merged: Record<string, unknown> = {};
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      merged = { ...merged, ...(JSON.parse(line) as Record<string, unknown>) };
    } catch {
      // a half-written line from a child killed mid-write
    }
  }
  return parseSystemInfoSnapshot(merged) ?? {};
}

/** Calls systeminformation in a child process (node, or Electron running as node). */
export function systemInformationInChild(env: NodeJS.ProcessEnv = process.env): SystemInfoProvider {
  return async ({ timeoutMs, signal }) => {
    const modulePath = resolveSystemInformation();
    if (!modulePath) throw new Error('systeminformation is not installed');
    const outcome = await runCommand(process.execPath, ['-e', CHILD_SCRIPT, modulePath], {
      timeoutMs,
      signal,
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    });
    if (outcome.kind === 'not-found' || outcome.kind === 'spawn-error') {
      throw new Error('systeminformation could not be started');
    }
    const snapshot = joinChildLines(outcome.stdout);
    if (outcome.kind === 'timeout' && !snapshot.graphics && !signal.aborted) {
      snapshot.problem = `systeminformation's graphics() did not answer within ${(timeoutMs / 1000).toFixed(1)} s.`;
    } else if (outcome.kind === 'exited' && outcome.code !== 0) {
      snapshot.problem = `systeminformation failed: ${outcome.stderr.trim().split('\n')[0] || `exit ${outcome.code}`}`;
    }
    return snapshot;
  };
}
