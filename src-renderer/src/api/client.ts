/**
 * The renderer's only way to the core: `window.serveDoctor` from the Electron preload, or the HTTP
 * shim when the page is served by `serve-doctor ui`. Errors arrive as `ApiError` with a code.
 */
import type { ChannelName } from '../../../src-main/ipc/channels';
import type {
  AppEvent,
  ChannelInput,
  ChannelOutputs,
  DiagnoseResult,
  ServeDoctorBridge,
} from '../../../src-main/ipc/contract';
import { createHttpBridge } from './http-bridge';
import { isAllowedDocUrl } from '../../../src-main/app/links';

declare global {
  interface Window {
    serveDoctor?: ServeDoctorBridge;
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let bridge: ServeDoctorBridge | undefined;

export function getBridge(): ServeDoctorBridge {
  bridge ??= window.serveDoctor ?? createHttpBridge(window.location);
  return bridge;
}

/** For tests: use this bridge instead of the window's. */
export function setBridge(next: ServeDoctorBridge | undefined): void {
  bridge = next;
}

export async function call<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutputs[C]> {
  const envelope = await getBridge().invoke(channel, input);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
  return envelope.value;
}

export function onEvent(listener: (event: AppEvent) => void): () => void {
  return getBridge().onEvent(listener);
}

let jobCounter = 0;
export function newJobId(): string {
  jobCounter += 1;
  return `job-${Date.now().toString(36)}-${jobCounter}`;
}

/** Diagnoses a dropped or chosen File: by path in Electron, by upload in the web host. */
export async function diagnoseDroppedFile(file: File, jobId: string): Promise<DiagnoseResult> {
  const b = getBridge();
  const path = b.pathForFile(file);
  if (path) return call('diagnoseFile', { jobId, path });
  if (b.uploadLog) {
    const envelope = await b.uploadLog(file, jobId);
    if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
    return envelope.value;
  }
  // Last resort (e.g. a file from a browser sandbox in Electron): read it here.
  return call('diagnoseText', { jobId, text: await file.text(), name: file.name });
}

/** Opens a documentation link: the main process checks it against its allow-list. */
export async function openDocs(url: string): Promise<void> {
  if (!isAllowedDocUrl(url)) return;
  if (getBridge().platform === 'web') {
    window.open(url, '_blank', 'noopener,noreferrer');
    return;
  }
  await call('openExternal', { url });
}
