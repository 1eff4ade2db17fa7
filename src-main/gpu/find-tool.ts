import { access, readdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';

export interface ToolSearch {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

/** The folders named by PATH, in order (Windows spells it Path). */
export function pathFolders({ platform, env }: ToolSearch): string[] {
  const value = env.PATH ?? env.Path ?? env.path ?? '';
  const separator = platform === 'win32' ? ';' : ':';
  return value.split(separator).filter((folder) => folder.trim() !== '');
}

/** Where nvidia-smi is installed when it is not on PATH, for each platform. */
export function usualNvidiaSmiPlaces({ platform, env }: ToolSearch): string[] {
  if (platform === 'win32') {
    const root = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? 'C:\\Windows';
    return [
      path.win32.join(root, 'System32', 'nvidia-smi.exe'),
      path.win32.join(
        env.ProgramW6432 ?? 'C:\\Program Files',
        'NVIDIA Corporation',
        'NVSMI',
        'nvidia-smi.exe',
      ),
    ];
  }
  if (platform === 'darwin') return [];
  return [
    '/usr/bin/nvidia-smi',
    '/usr/local/nvidia/bin/nvidia-smi', // NVIDIA container runtime
    '/usr/lib/wsl/lib/nvidia-smi', // WSL 2
    '/usr/local/bin/nvidia-smi',
    '/opt/nvidia/bin/nvidia-smi',
  ];
}

export function usualRocmSmiPlaces({ platform }: ToolSearch): string[] {
  return platform === 'linux' ? ['/opt/rocm/bin/rocm-smi', '/usr/bin/rocm-smi'] : [];
}

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    if (platform !== 'win32') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a program: first on PATH, then in `extraPlaces`. Returns its full path, or undefined.
 * `name` is given without extension; on Windows ".exe" is added.
 */
export async function findTool(
  name: string,
  extraPlaces: string[],
  search: ToolSearch,
): Promise<string | undefined> {
  const join = search.platform === 'win32' ? path.win32.join : path.posix.join;
  const fileName = search.platform === 'win32' ? `${name}.exe` : name;
  const candidates = [...pathFolders(search).map((folder) => join(folder, fileName)), ...extraPlaces];
  for (const candidate of candidates) {
    if (await isExecutable(candidate, search.platform)) return candidate;
  }
  return undefined;
}

/**
 * Windows keeps the driver's nvidia-smi.exe in System32\DriverStore\FileRepository\nv*\ on
 * newer drivers (DCH). Returns the most recently modified copy, as the newest driver's.
 */
export async function findInWindowsDriverStore(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? 'C:\\Windows';
  const repository = path.win32.join(root, 'System32', 'DriverStore', 'FileRepository');
  let folders: string[];
  try {
    folders = (await readdir(repository)).filter((folder) => folder.toLowerCase().startsWith('nv'));
  } catch {
    return undefined;
  }
  let newest: { file: string; modified: number } | undefined;
  for (const folder of folders) {
    const file = path.win32.join(repository, folder, 'nvidia-smi.exe');
    try {
      const info = await stat(file);
      if (!newest || info.mtimeMs > newest.modified) newest = { file, modified: info.mtimeMs };
    } catch {
      // this driver package has no nvidia-smi
    }
  }
  return newest?.file;
}

/** Finds nvidia-smi on PATH, in the usual places, and on Windows in the driver store. */
export async function findNvidiaSmi(
  search: ToolSearch,
  places: string[] = usualNvidiaSmiPlaces(search),
): Promise<string | undefined> {
  const found = await findTool('nvidia-smi', places, search);
  if (found || search.platform !== 'win32') return found;
  return findInWindowsDriverStore(search.env);
}
