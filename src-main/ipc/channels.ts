/**
 * The names of the request/response channels between the UI and the core. Kept free of imports so
 * that the sandboxed preload can check channel names without bundling the schemas.
 */
export const CHANNEL_NAMES = [
  'diagnoseText',
  'diagnoseFile',
  'cancel',
  'logLines',
  'detectGpus',
  'refreshGpus',
  'gpuCatalog',
  'searchModels',
  'loadModelFolder',
  'planLaunch',
  'compareLogWithMachine',
  'historyList',
  'historyGet',
  'historyDelete',
  'historyClear',
  'settingsGet',
  'settingsSet',
  'openExternal',
  'chooseLogFile',
  'chooseModelFolder',
  'saveTextFile',
  'appInfo',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name);
}

/** The Electron IPC channel names (prefixed, so they never collide with Electron's own). */
export const IPC_INVOKE = 'serve-doctor:invoke';
export const IPC_EVENT = 'serve-doctor:event';
