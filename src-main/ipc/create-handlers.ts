import path from 'node:path';
import { HistoryStore } from '../app/history-store';
import { SettingsStore } from '../app/settings-store';
import type { AppEvent, AppInfo } from './contract';
import { defaultCoreServices, type CoreServices } from './core-services';
import { createHandlers, type DesktopServices, type Handlers } from './handlers';

/** Builds the handler set over a data folder (history + settings live there). */
export function createAppHandlers(options: {
  dataDir: string;
  appInfo: AppInfo;
  emit: (event: AppEvent) => void;
  desktop?: DesktopServices;
  core?: CoreServices;
  settings?: SettingsStore;
}): Handlers {
  return createHandlers({
    core: options.core ?? defaultCoreServices,
    history: new HistoryStore(path.join(options.dataDir, 'history')),
    settings: options.settings ?? new SettingsStore(options.dataDir),
    emit: options.emit,
    appInfo: options.appInfo,
    desktop: options.desktop,
  });
}
