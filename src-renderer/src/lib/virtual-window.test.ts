import { describe, expect, it } from 'vitest';
import { blocksToLoad, MAX_SCROLL_HEIGHT, scrollTopToCenter, visibleWindow } from './virtual-window';

describe('visibleWindow', () => {
  it('renders only the rows in view plus overscan', () => {
    const w = visibleWindow({
      scrollTop: 2000,
      viewportHeight: 400,
      rowHeight: 20,
      count: 1000,
      overscan: 5,
    });
    expect(w.start).toBe(95);
    expect(w.end).toBe(100 + 21 + 5);
    expect(w.offsetTop).toBe(95 * 20);
    expect(w.totalHeight).toBe(20_000);
  });

  it('clamps at both ends', () => {
    expect(visibleWindow({ scrollTop: -50, viewportHeight: 400, rowHeight: 20, count: 10 })).toMatchObject({
      start: 0,
      end: 10,
    });
    const bottom = visibleWindow({
      scrollTop: 1e9,
      viewportHeight: 400,
      rowHeight: 20,
      count: 1000,
      overscan: 0,
    });
    expect(bottom.end).toBe(1000);
    expect(bottom.start).toBe(980);
  });

  it('handles an empty list', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 20, count: 0 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });

  it('keeps a million-line log under the browser height cap and reaches the last line', () => {
    const count = 2_000_000;
    const first = visibleWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 20, count, overscan: 0 });
    expect(first.totalHeight).toBeLessThanOrEqual(MAX_SCROLL_HEIGHT);
    expect(first.end - first.start).toBeLessThan(40);
    const last = visibleWindow({
      scrollTop: first.totalHeight,
      viewportHeight: 600,
      rowHeight: 20,
      count,
      overscan: 0,
    });
    expect(last.end).toBe(count);
    // The rendered block stays inside the scroll area.
    expect(last.offsetTop + (last.end - last.start) * 20).toBeLessThanOrEqual(last.totalHeight + 600 + 20);
  });
});

describe('scrollTopToCenter', () => {
  it('centres a row and clamps near the edges', () => {
    expect(scrollTopToCenter(500, 400, 20, 1000)).toBe(500 * 20 - 190);
    expect(scrollTopToCenter(0, 400, 20, 1000)).toBe(0);
    expect(scrollTopToCenter(999, 400, 20, 1000)).toBe(1000 * 20 - 400);
  });

  it('brings the target into the window on a scaled list', () => {
    const count = 2_000_000;
    const top = scrollTopToCenter(1_234_567, 600, 20, count);
    const w = visibleWindow({ scrollTop: top, viewportHeight: 600, rowHeight: 20, count, overscan: 0 });
    expect(w.start).toBeLessThanOrEqual(1_234_567);
    expect(w.end).toBeGreaterThan(1_234_567);
  });
});

describe('blocksToLoad', () => {
  it('lists missing blocks covering a range', () => {
    const loaded = new Set([1]);
    expect(blocksToLoad(50, 350, 100, (b) => loaded.has(b))).toEqual([0, 2, 3]);
  });
});
