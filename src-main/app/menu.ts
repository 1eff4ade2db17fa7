import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppEvent, LanguageSetting } from '../ipc/contract';

/** The application menu; its actions go to the renderer as app events. */
export function buildMenu(send: (event: AppEvent) => void, language: 'en' | 'zh-CN'): Menu {
  const zh = language === 'zh-CN';
  const label = (en: string, cn: string): string => (zh ? cn : en);
  const setLanguage = (value: LanguageSetting) => () => send({ type: 'language', language: value });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: label('File', '文件'),
      submenu: [
        {
          label: label('Open Log…', '打开日志…'),
          accelerator: 'CmdOrCtrl+O',
          click: () => send({ type: 'menu', action: 'open-log' }),
        },
        {
          label: label('Paste Log', '粘贴日志'),
          accelerator: 'CmdOrCtrl+Shift+V',
          click: () => send({ type: 'menu', action: 'paste' }),
        },
        {
          label: label('Export Report…', '导出报告…'),
          accelerator: 'CmdOrCtrl+E',
          click: () => send({ type: 'menu', action: 'export' }),
        },
        { type: 'separator' },
        { role: 'quit', label: label('Quit', '退出') },
      ],
    },
    { role: 'editMenu', label: label('Edit', '编辑') },
    {
      label: label('Language', '语言'),
      submenu: [
        { label: label('Follow the system', '跟随系统'), click: setLanguage('auto') },
        { label: 'English', click: setLanguage('en') },
        { label: '简体中文', click: setLanguage('zh-CN') },
      ],
    },
    { role: 'viewMenu', label: label('View', '视图') },
    {
      role: 'help',
      label: label('Help', '帮助'),
      submenu: [
        {
          label: label('About Serve Doctor', '关于 Serve Doctor'),
          click: () => send({ type: 'menu', action: 'about' }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
