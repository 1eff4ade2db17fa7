import { describe, expect, it } from 'vitest';
import { joinChildLines, parseSystemInfoSnapshot } from './system-info-source';
import { recordedSystemInformation } from '../../test/helpers/fake-nvidia-smi';

describe('systeminformation answers', () => {
  it('accepts the recorded H100 answers', () => {
    const snapshot = parseSystemInfoSnapshot(recordedSystemInformation('nvidia-h100-idle'));
    expect(snapshot?.graphics?.controllers[0]).toMatchObject({
      model: 'NVIDIA H100 80GB HBM3',
      vram: 81079,
      busAddress: '00:00.6',
    });
    expect(snapshot?.mem?.total).toBe(135148564480);
    expect(snapshot?.os?.distro).toBe('Ubuntu');
    expect(snapshot?.graphicsMs).toBe(2938);
  });

  it('keeps the OS and memory line of a child killed while writing the graphics line', () => {
    const lines =
      '{"os":{"platform":"linux","distro":"Ubuntu"},"mem":{"total":1073741824}}\n{"graphics":{"contr';
    expect(joinChildLines(lines)).toEqual({
      os: { platform: 'linux', distro: 'Ubuntu' },
      mem: { total: 1073741824 },
    });
  });

  it('rejects answers of the wrong shape', () => {
    expect(parseSystemInfoSnapshot({ mem: { total: 'lots' } })).toBeUndefined();
    expect(parseSystemInfoSnapshot(null)).toBeUndefined();
  });
});
