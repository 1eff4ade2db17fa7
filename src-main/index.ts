/**
 * Electron main process: one secure window over the shared handlers.
 * Security: context isolation, sandbox, no Node in the page, a strict CSP (index.html meta), no
 * navigation, no new windows, no permissions, and external links only to documentation sites.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IPC_EVENT, IPC_INVOKE } from './ipc/channels';
import type { AppEvent } from './ipc/contract';
import { createAppHandlers } from './ipc/create-handlers';
import { dispatch } from './ipc/dispatch';
import type { DesktopServices } from './ipc/handlers';
import { isAllowedDocUrl } from './app/links';
import { buildMenu } from './app/menu';
import { fitToDisplays, loadWindowState, saveWindowState } from './app/window-state';
import { SettingsStore } from './app/settings-store';

let mainWindow: BrowserWindow | null = null;
const pendingPaths: string[] = [];

function send(event: AppEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, event);
}

/** Log files given on the command line ("Open with", second instance). */
function logPathsFromArgv(argv: string[]): string[] {
  return argv
    .slice(app.isPackaged ? 1 : 2)
    .filter((arg) => !arg.startsWith('-') && existsSync(arg) && !arg.endsWith('.js'));
}

function openPath(file: string): void {
  if (mainWindow && !mainWindow.webContents.isLoading())
    send({ type: 'open-path', path: path.resolve(file) });
  else pendingPaths.push(path.resolve(file));
}

function rendererUrl(): string | undefined {
  return !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
}

function isOwnPage(contents: WebContents, url: string): boolean {
  const dev = rendererUrl();
  if (dev) return url.startsWith(dev);
  return (
    url.startsWith('file://') && url.includes('/renderer/index.html') && contents === mainWindow?.webContents
  );
}

function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedDocUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

const desktop: DesktopServices = {
  async chooseLogFile() {
    const result = await dialog.showOpenDialog(mainWindow!, {
      properties: ['openFile'],
      filters: [
        { name: 'Logs', extensions: ['log', 'txt', 'out', 'err'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseModelFolder() {
    const result = await dialog.showOpenDialog(mainWindow!, { properties: ['openDirectory'] });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async saveTextFile(suggestedName, text) {
    const result = await dialog.showSaveDialog(mainWindow!, {
      defaultPath: suggestedName,
      filters: [{ name: 'Markdown', extensions: ['md'] }],
    });
    if (result.canceled || !result.filePath) return null;
    await writeFile(result.filePath, text, 'utf8');
    return result.filePath;
  },
  async openExternal(url) {
    if (!isAllowedDocUrl(url)) return false;
    await shell.openExternal(url);
    return true;
  },
};

async function createWindow(): Promise<void> {
  const dataDir = app.getPath('userData');
  const state = fitToDisplays(
    loadWindowState(dataDir),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  mainWindow = new BrowserWindow({
    ...state,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Serve Doctor',
    backgroundColor: '#f7f7f5',
    icon: path.join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: path.join(__dirname, '../preload/preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const remember = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (!mainWindow || mainWindow.isDestroyed()) return;
      const bounds = mainWindow.getNormalBounds();
      void saveWindowState(dataDir, { ...bounds, maximized: mainWindow.isMaximized() }).catch(
        () => undefined,
      );
    }, 400);
  };
  mainWindow.on('resize', remember);
  mainWindow.on('move', remember);
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    const bounds = mainWindow.getNormalBounds();
    void saveWindowState(dataDir, { ...bounds, maximized: mainWindow.isMaximized() }).catch(() => undefined);
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  mainWindow.webContents.on('did-finish-load', () => {
    for (const file of pendingPaths.splice(0)) send({ type: 'open-path', path: file });
  });

  const dev = rendererUrl();
  if (dev) await mainWindow.loadURL(dev);
  else await mainWindow.loadFile(path.join(__dirname, '../renderer/index.html'));
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', (_event, argv) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    for (const file of logPathsFromArgv(argv)) openPath(file);
  });
  // macOS "Open with" / dock drops (may fire before ready).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openPath(file);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    const applyMenu = (current: { language: string }): void => {
      const language =
        current.language === 'auto' ? (app.getLocale().startsWith('zh') ? 'zh-CN' : 'en') : current.language;
      Menu.setApplicationMenu(buildMenu(send, language === 'zh-CN' ? 'zh-CN' : 'en'));
    };
    const dataDir = app.getPath('userData');
    const settings = new SettingsStore(dataDir);
    const handlers = createAppHandlers({
      dataDir,
      emit: send,
      desktop,
      settings,
      appInfo: { name: 'Serve Doctor', version: app.getVersion(), platform: 'electron', canPickFiles: true },
    });
    ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!mainWindow || !isOwnPage(event.sender, url)) {
        return { ok: false, error: { code: 'forbidden', message: 'Unknown sender.' } };
      }
      const envelope = await dispatch(handlers, channel, input);
      if (envelope.ok && channel === 'settingsSet') applyMenu(await settings.get());
      return envelope;
    });

    applyMenu(await settings.get());

    for (const file of logPathsFromArgv(process.argv)) openPath(file);
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start();
