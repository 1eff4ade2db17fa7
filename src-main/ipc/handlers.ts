/**
 * The implementations behind every channel, shared by Electron's ipcMain and the web host's HTTP
 * API. Inputs arrive here already validated (see dispatch.ts).
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelName } from './channels';
import type {
  AppEvent,
  AppInfo,
  ChannelOutputs,
  ChannelParsedInput,
  DiagnoseResult,
  LogSourceInfo,
} from './contract';
import { MAX_FILE_BYTES, MAX_UPLOAD_BYTES } from './contract';
import { CoreError } from './errors';
import type { CoreServices } from './core-services';
import { LogStore } from './log-store';
import { compareWithMachine, logGpuFacts } from './machine-comparison';
import type { HistoryStore } from '../app/history-store';
import type { SettingsStore } from '../app/settings-store';
import type { DiagnosisReport } from '../diagnosis/types';

/** Things only a desktop shell can do (dialogs, the system browser). */
export interface DesktopServices {
  chooseLogFile(): Promise<string | null>;
  chooseModelFolder(): Promise<string | null>;
  saveTextFile(suggestedName: string, text: string): Promise<string | null>;
  openExternal(url: string): Promise<boolean>;
}

export interface HandlerDeps {
  core: CoreServices;
  history: HistoryStore;
  settings: SettingsStore;
  emit: (event: AppEvent) => void;
  appInfo: AppInfo;
  desktop?: DesktopServices;
  logStore?: LogStore;
}

export type Handlers = {
  [C in ChannelName]: (input: ChannelParsedInput<C>) => Promise<ChannelOutputs[C]>;
} & {
  /** Web host only: a log's bytes from the browser (no path). */
  diagnoseUpload(input: { jobId: string; name: string; bytes: Uint8Array }): Promise<DiagnoseResult>;
};

const READ_CHUNK = 4 * 1024 * 1024;
/** Files up to this size are decoded into memory for the log viewer; bigger ones are read on demand. */
const IN_MEMORY_VIEW_BYTES = 128 * 1024 * 1024;
/** Pasted or uploaded logs up to this many characters are copied into the history (bigger: findings only). */
export const HISTORY_COPY_LIMIT = 16 * 1024 * 1024;

async function readWithProgress(
  file: string,
  signal: AbortSignal,
  onProgress: (bytesRead: number, totalBytes: number) => void,
): Promise<Uint8Array> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CoreError(
      error.code === 'ENOENT' ? 'not-found' : 'unreadable',
      `Cannot read ${file}: ${error.code}`,
    );
  });
  if (!info.isFile()) throw new CoreError('not-a-file', `${file} is not a file.`);
  if (info.size > MAX_FILE_BYTES) throw new CoreError('too-large', `${file} is larger than 1 GiB.`);
  const bytes = new Uint8Array(info.size);
  const handle = await open(file, 'r');
  try {
    let offset = 0;
    onProgress(0, info.size);
    while (offset < info.size) {
      if (signal.aborted) throw new CoreError('cancelled', 'Cancelled.');
      const { bytesRead } = await handle.read(
        bytes,
        offset,
        Math.min(READ_CHUNK, info.size - offset),
        offset,
      );
      if (bytesRead === 0) break;
      offset += bytesRead;
      onProgress(offset, info.size);
    }
    return offset === info.size ? bytes : bytes.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { core, history, settings, emit } = deps;
  const logStore = deps.logStore ?? new LogStore();
  const jobs = new Map<string, AbortController>();

  const startJob = (jobId: string): AbortController => {
    const controller = new AbortController();
    jobs.get(jobId)?.abort();
    jobs.set(jobId, controller);
    return controller;
  };

  const finish = async (
    source: LogSourceInfo,
    text: string,
    report: DiagnosisReport,
    keepCopy: boolean,
  ): Promise<DiagnoseResult> => {
    const { logId, lineCount } = logStore.add(text);
    const summary = await history.add(
      source,
      report,
      keepCopy && text.length <= HISTORY_COPY_LIMIT ? text : undefined,
    );
    return { logId, historyId: summary.id, source, lineCount, report };
  };

  /** The log viewer's copy of a file: decoded text when small, a byte-offset index when big. */
  const viewLogFile = async (
    file: string,
    size: number,
    signal: AbortSignal,
  ): Promise<{ logId: string; lineCount: number }> => {
    if (size <= IN_MEMORY_VIEW_BYTES) {
      const bytes = await readWithProgress(file, signal, () => undefined);
      return logStore.add(core.decode(bytes));
    }
    return logStore.addFile(file, signal);
  };

  const desktop = (): DesktopServices => {
    if (!deps.desktop) throw new CoreError('not-available', 'Not available in the web UI.');
    return deps.desktop;
  };

  return {
    async diagnoseText({ text, name }) {
      const report = core.diagnoseText(text);
      const source: LogSourceInfo = {
        kind: 'paste',
        name: name || 'pasted log',
        bytes: Buffer.byteLength(text),
      };
      return finish(source, text, report, true);
    },

    async diagnoseFile({ jobId, path: file }) {
      if (!deps.desktop) throw new CoreError('not-available', 'Open files by dropping them on the page.');
      const controller = startJob(jobId);
      try {
        const report = await core.diagnoseFile(file, {
          signal: controller.signal,
          onProgress: (bytesRead, totalBytes) => emit({ type: 'progress', jobId, bytesRead, totalBytes }),
        });
        if (controller.signal.aborted) throw new CoreError('cancelled', 'Cancelled.');
        const size = (await stat(file)).size;
        const source: LogSourceInfo = { kind: 'file', name: path.basename(file), path: file, bytes: size };
        const { logId, lineCount } = await viewLogFile(file, size, controller.signal);
        const summary = await history.add(source, report);
        return { logId, historyId: summary.id, source, lineCount, report };
      } finally {
        jobs.delete(jobId);
      }
    },

    async diagnoseUpload({ jobId, name, bytes }) {
      if (bytes.length > MAX_UPLOAD_BYTES) throw new CoreError('too-large', 'The log is larger than 200 MB.');
      const controller = startJob(jobId);
      try {
        const report = await core.diagnoseBytes(bytes, name);
        if (controller.signal.aborted) throw new CoreError('cancelled', 'Cancelled.');
        const text = core.decode(bytes);
        const source: LogSourceInfo = {
          kind: 'upload',
          name: path.basename(name) || 'log',
          bytes: bytes.length,
        };
        return await finish(source, text, report, true);
      } finally {
        jobs.delete(jobId);
      }
    },

    async cancel({ jobId }) {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: Boolean(job) };
    },

    async logLines({ logId, start, count }) {
      const result = await logStore.lines(logId, start, count);
      if (!result)
        throw new CoreError('log-gone', 'This log is no longer loaded; open it again from History.');
      return { start, ...result };
    },

    detectGpus: () => core.detectGpus(),
    refreshGpus: () => core.refreshGpus(),
    gpuCatalog: () => core.gpuCatalog(),
    searchModels: ({ query }) => core.searchModels(query),
    loadModelFolder: ({ path: folder }) => core.loadModelFolder(folder),
    planLaunch: (request) => core.planLaunch(request),
    compareLogWithMachine: async (facts) => compareWithMachine(logGpuFacts(facts), await core.machineGpus()),

    historyList: () => history.list(),

    async historyGet({ id }) {
      const record = await history.get(id);
      if (!record) throw new CoreError('not-found', 'This diagnosis is no longer in the history.');
      const { source } = record.summary;
      const text = await history.readLogCopy(id);
      if (text !== undefined) return { ...logStore.add(text), historyId: id, source, report: record.report };
      if (source.path && deps.desktop) {
        const path = source.path;
        const view = await stat(path)
          .then((info) => viewLogFile(path, info.size, new AbortController().signal))
          .catch(() => undefined);
        if (view) return { ...view, historyId: id, source, report: record.report };
      }
      // The log is gone (moved or deleted): the findings are still worth showing.
      return { logId: logStore.add('').logId, historyId: id, source, lineCount: 0, report: record.report };
    },

    async historyDelete({ id }) {
      return { deleted: await history.delete(id) };
    },
    async historyClear() {
      return { deleted: await history.clear() };
    },

    settingsGet: () => settings.get(),
    settingsSet: (patch) => settings.set(patch),

    async openExternal({ url }) {
      return { opened: await desktop().openExternal(url) };
    },
    async chooseLogFile() {
      return { path: await desktop().chooseLogFile() };
    },
    async chooseModelFolder() {
      return { path: await desktop().chooseModelFolder() };
    },
    async saveTextFile({ suggestedName, text }) {
      return { path: await desktop().saveTextFile(suggestedName, text) };
    },
    async appInfo() {
      return deps.appInfo;
    },
  };
}
