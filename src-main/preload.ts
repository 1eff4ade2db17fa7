/**
 * The preload: the only bridge between the sandboxed page and the main process. It exposes one
 * small API as `window.serveDoctor`: invoke a known channel, listen to app events, and get the
 * path of a dropped file. Inputs are validated again in the main process.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, isChannelName } from './ipc/channels';
import type { AppEvent, ServeDoctorBridge } from './ipc/contract';

const bridge: ServeDoctorBridge = {
  platform: 'electron',
  invoke(channel, input) {
    if (!isChannelName(channel)) return Promise.reject(new Error(`Unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(IPC_INVOKE, channel, input);
  },
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: AppEvent): void => listener(payload);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('serveDoctor', bridge);
