/** The main window's size and position, remembered between runs (atomic JSON in userData). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 860, maximized: false };

export function loadWindowState(dataDir: string): WindowState {
  try {
    const raw = JSON.parse(
      readFileSync(path.join(dataDir, 'window-state.json'), 'utf8'),
    ) as Partial<WindowState>;
    const width = Number(raw.width);
    const height = Number(raw.height);
    if (!(width >= 480 && height >= 360)) return DEFAULT_WINDOW_STATE;
    return {
      width,
      height,
      maximized: raw.maximized === true,
      ...(Number.isFinite(raw.x) && Number.isFinite(raw.y) ? { x: raw.x, y: raw.y } : {}),
    };
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Keeps a remembered position only if it is still on one of the current displays. */
export function fitToDisplays(
  state: WindowState,
  displays: { x: number; y: number; width: number; height: number }[],
): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = displays.some(
    (d) => x + 80 >= d.x && y >= d.y && x + 80 <= d.x + d.width && y + 40 <= d.y + d.height,
  );
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

export function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  return writeFileAtomic(path.join(dataDir, 'window-state.json'), JSON.stringify(state));
}
