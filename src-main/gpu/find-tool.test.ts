import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { findNvidiaSmi, pathFolders, usualNvidiaSmiPlaces } from './find-tool';
import { FAKE_NVIDIA_SMI_FOLDER } from '../../test/helpers/fake-nvidia-smi';

describe('where nvidia-smi is looked for', () => {
  it('knows the Linux, container and WSL places', () => {
    const places = usualNvidiaSmiPlaces({ platform: 'linux', env: {} });
    expect(places).toEqual(
      expect.arrayContaining([
        '/usr/bin/nvidia-smi',
        '/usr/local/nvidia/bin/nvidia-smi',
        '/usr/lib/wsl/lib/nvidia-smi',
      ]),
    );
  });

  it("knows Windows' System32 under the SystemRoot of the environment, and nothing on macOS", () => {
    expect(usualNvidiaSmiPlaces({ platform: 'win32', env: { SystemRoot: 'D:\\Win' } })[0]).toBe(
      'D:\\Win\\System32\\nvidia-smi.exe',
    );
    expect(usualNvidiaSmiPlaces({ platform: 'darwin', env: {} })).toEqual([]);
  });

  it('splits PATH as each platform does', () => {
    expect(pathFolders({ platform: 'win32', env: { Path: 'C:\\a;;C:\\b' } })).toEqual(['C:\\a', 'C:\\b']);
    expect(pathFolders({ platform: 'linux', env: { PATH: '/a::/b' } })).toEqual(['/a', '/b']);
  });

  it('takes PATH before the usual places, and skips files that are not executable', async () => {
    const search = { platform: process.platform, env: { PATH: FAKE_NVIDIA_SMI_FOLDER } };
    const onPath = path.join(FAKE_NVIDIA_SMI_FOLDER, 'nvidia-smi');
    expect(await findNvidiaSmi(search, ['/somewhere/else/nvidia-smi'])).toBe(onPath);
    const readme = path.join(FAKE_NVIDIA_SMI_FOLDER, 'README.md');
    expect(await findNvidiaSmi({ ...search, env: { PATH: '' } }, [readme])).toBeUndefined();
  });
});
