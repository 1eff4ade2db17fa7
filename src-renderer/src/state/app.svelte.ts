/** App-wide UI state (Svelte 5 runes): the current view, language, diagnosis and wizard hand-offs. */
import type {
  AppInfo,
  AppSettings,
  DiagnoseResult,
  MachineComparisonView,
} from '../../../src-main/ipc/contract';
import { DEFAULT_SETTINGS } from '../../../src-main/ipc/contract';
import { resolveLocale, translate, type Locale, type MessageKey } from '../lib/i18n';
import type { WizardPrefill } from '../lib/fix-view';

export type View = 'diagnose' | 'gpus' | 'wizard' | 'history';

export interface ManualHardware {
  gpuName: string;
  memoryGiB: number;
  count: number;
}

export interface DiagnosisState {
  busy: boolean;
  jobId: string | null;
  name: string;
  bytesRead: number;
  totalBytes: number;
  error: string | null;
  result: DiagnoseResult | null;
  /** The log's GPU compared with this machine's, once known (asked for after the result shows). */
  machine: MachineComparisonView | null;
}

export const ui = $state({
  view: 'diagnose' as View,
  locale: 'en' as Locale,
  settings: { ...DEFAULT_SETTINGS } as AppSettings,
  info: null as AppInfo | null,
  prefill: null as WizardPrefill | null,
  manualHardware: null as ManualHardware | null,
  notice: null as string | null,
});

export const diagnosis: DiagnosisState = $state({
  busy: false,
  jobId: null,
  name: '',
  bytesRead: 0,
  totalBytes: 0,
  error: null,
  result: null,
  machine: null,
});

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(ui.locale, key, params);
}

export function applyLanguage(setting: AppSettings['language']): void {
  ui.settings.language = setting;
  ui.locale = resolveLocale(
    setting,
    typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]),
  );
  if (typeof document !== 'undefined') document.documentElement.lang = ui.locale;
}
