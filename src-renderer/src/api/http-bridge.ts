/**
 * The same bridge as the Electron preload, over the web host's HTTP API. The token comes from the
 * page's URL (the address `serve-doctor ui` printed) and travels in a header, never in a cookie.
 */
import type { ChannelName } from '../../../src-main/ipc/channels';
import type { AppEvent, DiagnoseResult, Envelope, ServeDoctorBridge } from '../../../src-main/ipc/contract';

const TOKEN_HEADER = 'X-Serve-Doctor-Token';

function failure(code: string, message: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}

async function readEnvelope<T>(response: Response): Promise<Envelope<T>> {
  try {
    return (await response.json()) as Envelope<T>;
  } catch {
    return failure(response.status === 403 ? 'forbidden' : 'http', `HTTP ${response.status}`);
  }
}

export function createHttpBridge(
  location: Location,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
): ServeDoctorBridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const base = `${location.origin}/api/`;
  const listeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | undefined;
  /** Uploads in flight, so that cancelling a job also stops sending its bytes. */
  const uploads = new Map<string, AbortController>();

  const ensureEvents = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      try {
        const event = JSON.parse(String(message.data)) as AppEvent;
        for (const listener of listeners) listener(event);
      } catch {
        // Ignore malformed frames.
      }
    };
  };

  return {
    platform: 'web',
    async invoke(channel: ChannelName, input: unknown) {
      if (channel === 'cancel') uploads.get((input as { jobId?: string })?.jobId ?? '')?.abort();
      try {
        const response = await fetchImpl(base + channel, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        });
        return readEnvelope(response);
      } catch (error) {
        return failure('network', error instanceof Error ? error.message : String(error));
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      ensureEvents();
      return () => listeners.delete(listener);
    },
    pathForFile: () => null,
    async uploadLog(file: File, jobId: string) {
      const controller = new AbortController();
      uploads.set(jobId, controller);
      try {
        const query = new URLSearchParams({ jobId, name: file.name });
        const response = await fetchImpl(`${base}upload?${query}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', [TOKEN_HEADER]: token },
          body: file,
          signal: controller.signal,
        });
        return readEnvelope<DiagnoseResult>(response);
      } catch (error) {
        if (controller.signal.aborted) return failure('cancelled', 'Cancelled.');
        return failure('network', error instanceof Error ? error.message : String(error));
      } finally {
        uploads.delete(jobId);
      }
    },
  } as ServeDoctorBridge;
}
