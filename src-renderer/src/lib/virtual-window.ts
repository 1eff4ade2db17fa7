/** Windowing math for a virtualised list of fixed-height rows. */

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the viewport. */
  overscan?: number;
}

export interface VisibleWindow {
  /** First row index rendered (inclusive). */
  start: number;
  /** Last row index rendered (exclusive). */
  end: number;
  /** Pixel offset of the first rendered row. */
  offsetTop: number;
  /** Height of the whole list. */
  totalHeight: number;
}

/**
 * Browsers cap element heights (about 33.5M px in Chromium); beyond that the list is scaled so a
 * million-line log stays scrollable. Row positions are then mapped through `scale`.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export function scaleFor(count: number, rowHeight: number): number {
  const natural = count * rowHeight;
  return natural > MAX_SCROLL_HEIGHT ? MAX_SCROLL_HEIGHT / natural : 1;
}

/** Maps scroll positions onto natural row positions (1 unless the list is scaled down). */
function scrollRatio(count: number, rowHeight: number, viewportHeight: number): number {
  const natural = Math.max(0, count * rowHeight - viewportHeight);
  const scaled = Math.max(0, count * rowHeight * scaleFor(count, rowHeight) - viewportHeight);
  return natural > 0 ? scaled / natural : 1;
}

export function visibleWindow({
  scrollTop,
  viewportHeight,
  rowHeight,
  count,
  overscan = 8,
}: WindowInput): VisibleWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  const totalHeight = count * rowHeight * scaleFor(count, rowHeight);
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalHeight - viewportHeight)));
  const ratio = scrollRatio(count, rowHeight, viewportHeight);
  const firstExact = ratio > 0 ? top / ratio / rowHeight : 0;
  const firstVisible = Math.floor(firstExact);
  const visibleRows = Math.ceil(Math.max(viewportHeight, 0) / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, firstVisible + visibleRows + overscan);
  // Rows are drawn at natural height so that row `firstExact` sits at the top of the viewport.
  const offsetTop = top - (firstExact - start) * rowHeight;
  return { start, end, offsetTop: Math.max(0, offsetTop), totalHeight };
}

/** The scrollTop that puts row `index` (0-based) in the middle of the viewport. */
export function scrollTopToCenter(
  index: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
): number {
  if (count <= 0) return 0;
  const clamped = Math.max(0, Math.min(count - 1, index));
  const natural = clamped * rowHeight - (viewportHeight - rowHeight) / 2;
  const max = Math.max(0, count * rowHeight * scaleFor(count, rowHeight) - viewportHeight);
  return Math.max(0, Math.min(max, natural * scrollRatio(count, rowHeight, viewportHeight)));
}

/** Blocks of rows to fetch so that [start, end) is covered, skipping blocks already loaded. */
export function blocksToLoad(
  start: number,
  end: number,
  blockSize: number,
  loaded: (block: number) => boolean,
): number[] {
  const blocks: number[] = [];
  for (let block = Math.floor(start / blockSize); block * blockSize < end; block++) {
    if (!loaded(block)) blocks.push(block);
  }
  return blocks;
}
