import { describe, expect, it } from 'vitest';
import { createHttpBridge } from './http-bridge';

const location = { search: '?token=abc', origin: 'http://127.0.0.1:9' } as Location;

describe('http bridge', () => {
  it('posts JSON with the token header and returns the envelope', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const bridge = createHttpBridge(location, async (url, init) => {
      seen.push({ url: String(url), init: init! });
      return new Response(JSON.stringify({ ok: true, value: { cancelled: false } }));
    });
    expect(await bridge.invoke('cancel', { jobId: 'j' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(seen[0].url).toBe('http://127.0.0.1:9/api/cancel');
    expect((seen[0].init.headers as Record<string, string>)['X-Serve-Doctor-Token']).toBe('abc');
    expect(bridge.pathForFile(new File(['x'], 'x.log'))).toBeNull();
  });

  it('turns a 403 page and a network failure into error envelopes', async () => {
    const forbidden = createHttpBridge(location, async () => new Response('Forbidden', { status: 403 }));
    expect(await forbidden.invoke('appInfo', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const offline = createHttpBridge(location, async () => {
      throw new TypeError('fetch failed');
    });
    expect(await offline.invoke('appInfo', {})).toMatchObject({ ok: false, error: { code: 'network' } });
  });

  it('cancelling a job aborts its upload', async () => {
    const bridge = createHttpBridge(location, (url, init) => {
      if (String(url).includes('/upload')) {
        return new Promise((_resolve, reject) =>
          init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        );
      }
      return Promise.resolve(new Response(JSON.stringify({ ok: true, value: { cancelled: true } })));
    });
    const upload = bridge.uploadLog!(new File(['log'], 'vllm.log'), 'job1');
    await bridge.invoke('cancel', { jobId: 'job1' });
    expect(await upload).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
