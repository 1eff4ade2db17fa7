import { describe, expect, it } from 'vitest';
import { formatBytes, formatMiB, pick, resolveLocale, translate } from './i18n';
import { en, zhCN } from './messages';

describe('i18n', () => {
  it('follows the OS language unless the user chose one', () => {
    expect(resolveLocale('auto', ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(resolveLocale('auto', ['de-DE', 'en-GB'])).toBe('en');
    expect(resolveLocale('auto', ['fr'])).toBe('en');
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
  });

  it('fills parameters and falls back to the key for unknown parameters', () => {
    expect(translate('en', 'finding.confidence', { value: '90%' })).toBe('Confidence 90%');
    expect(translate('zh-CN', 'finding.confidence', { value: '90%' })).toBe('置信度 90%');
    expect(translate('en', 'finding.confidence')).toBe('Confidence {value}');
  });

  it('has every key, with the same parameters, in Chinese', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      expect(params(zhCN[key]), key).toEqual(params(en[key]));
    }
  });

  it('picks engine text by locale', () => {
    expect(pick('zh-CN', 'KV cache too small', 'KV 缓存不足')).toBe('KV 缓存不足');
    expect(pick('zh-CN', 'KV cache too small', undefined)).toBe('KV cache too small');
    expect(pick('en', 'KV cache too small', 'KV 缓存不足')).toBe('KV cache too small');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatMiB(81559)).toBe('79.6 GiB');
    expect(formatMiB(500)).toBe('500 MiB');
  });
});
