import { en, zhCN, type MessageKey } from './messages';

export type Locale = 'en' | 'zh-CN';
export type { MessageKey };

const TABLES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The UI language: the user's choice, else the first OS/browser language we have. */
export function resolveLocale(setting: 'auto' | Locale, languages: readonly string[]): Locale {
  if (setting !== 'auto') return setting;
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = TABLES[locale][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the localised variant of engine-provided text (title/titleZh, summary/summaryZh). */
export function pick(locale: Locale, english: string, chinese: string | undefined): string {
  return locale === 'zh-CN' && chinese ? chinese : english;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}
