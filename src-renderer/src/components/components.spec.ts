import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../src-main/diagnosis/types';
import type { ServeDoctorBridge } from '../../../src-main/ipc/contract';
import { setBridge } from '../api/client';
import { ui } from '../state/app.svelte';
import CommandTabs from './CommandTabs.svelte';
import DropZone from './DropZone.svelte';
import FindingCard from './FindingCard.svelte';
import LogViewer from './LogViewer.svelte';

const finding: Finding = {
  id: 'kv-cache-insufficient',
  title: 'KV cache too small for max_model_len',
  titleZh: 'KV 缓存容纳不下 max_model_len',
  confidence: 0.95,
  evidence: [{ line: 5, text: "The model's max seq len (29000) is larger than …", repeats: 3 }],
  facts: { max_model_len: 29000, kv_cache_tokens: 23648 },
  fixes: [
    {
      summary: 'Lower max_model_len to 23648',
      summaryZh: '把 max_model_len 降到 23648',
      settings: { max_model_len: 23648 },
      before: { max_model_len: 29000 },
      commands: {
        'vllm-cli': 'vllm serve m --max-model-len 23648',
        docker: 'docker run … --max-model-len 23648',
      },
    },
  ],
  docs: ['https://docs.vllm.ai/en/latest/configuration/optimization.html'],
};

afterEach(() => {
  ui.locale = 'en';
  setBridge(undefined);
});

describe('FindingCard', () => {
  it('shows the finding with its id, confidence, facts, evidence and before → after', async () => {
    const onEvidence = vi.fn();
    const onPlan = vi.fn();
    const { container } = render(FindingCard, { finding, rank: 0, onEvidence, onPlan });
    expect(container.querySelector('[data-diagnosis-id="kv-cache-insufficient"]')).not.toBeNull();
    expect(screen.getByRole('heading', { name: 'KV cache too small for max_model_len' })).toBeTruthy();
    expect(screen.getByTestId('confidence').textContent).toBe('95%');
    expect(screen.getByText('+3 similar')).toBeTruthy();
    expect(container.querySelector('.before')?.textContent).toBe('29000');
    expect(container.querySelector('.after')?.textContent).toBe('23648');
    await fireEvent.click(screen.getByRole('button', { name: 'Show line 5 in the log' }));
    expect(onEvidence).toHaveBeenCalledWith(5);
    await fireEvent.click(screen.getByRole('button', { name: 'Plan these settings in Guided setup' }));
    expect(onPlan).toHaveBeenCalledWith(finding.fixes[0]);
    expect(screen.getByRole('button', { name: 'docs.vllm.ai › optimization' })).toBeTruthy();
  });

  it('speaks Chinese when the UI does', () => {
    ui.locale = 'zh-CN';
    render(FindingCard, { finding, rank: 0, onEvidence: () => {}, onPlan: () => {} });
    expect(screen.getByRole('heading', { name: 'KV 缓存容纳不下 max_model_len' })).toBeTruthy();
    expect(screen.getByText('把 max_model_len 降到 23648')).toBeTruthy();
    expect(screen.getByText('根本原因')).toBeTruthy();
  });
});

describe('CommandTabs', () => {
  it('switches targets with the arrow keys and copies the shown command', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(CommandTabs, { commands: finding.fixes[0].commands, idPrefix: 't' });
    expect(screen.getByTestId('command').textContent).toContain('vllm serve');
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'vLLM CLI' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Docker' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('command').textContent).toContain('docker run');
    await fireEvent.click(screen.getByRole('button', { name: 'Copy: Docker' }));
    expect(writeText).toHaveBeenCalledWith('docker run … --max-model-len 23648');
  });
});

describe('DropZone', () => {
  it('holds a file input and hands the chosen file over', async () => {
    const onFile = vi.fn();
    const { container } = render(DropZone, { onFile });
    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    expect(input).not.toBeNull();
    const file = new File(['log'], 'vllm.log');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await fireEvent.change(input);
    expect(onFile).toHaveBeenCalledWith(file);
  });
});

describe('LogViewer', () => {
  it('renders only a window of a million-line log and fetches just those lines', async () => {
    const requests: { start: number; count: number }[] = [];
    const bridge: ServeDoctorBridge = {
      platform: 'web',
      invoke: (async (channel: string, input: { start: number; count: number }) => {
        if (channel !== 'logLines') return { ok: false, error: { code: 'x', message: 'x' } };
        requests.push({ start: input.start, count: input.count });
        const lines = Array.from({ length: input.count }, (_, i) => `line ${input.start + i + 1}`);
        return { ok: true, value: { start: input.start, lines, lineCount: 1_000_000 } };
      }) as ServeDoctorBridge['invoke'],
      onEvent: () => () => {},
      pathForFile: () => null,
    };
    setBridge(bridge);
    const { container, rerender } = render(LogViewer, {
      logId: 'log-1',
      lineCount: 1_000_000,
      highlights: new Set([750_000]),
      focus: null,
    });
    await vi.waitFor(() =>
      expect(container.querySelector('.row[data-line="1"] .text')?.textContent).toBe('line 1'),
    );
    expect(container.querySelectorAll('.row').length).toBeLessThan(100);
    await rerender({
      logId: 'log-1',
      lineCount: 1_000_000,
      highlights: new Set([750_000]),
      focus: { line: 750_000, seq: 1 },
    });
    await vi.waitFor(() =>
      expect(container.querySelector('.row[data-line="750000"] .text')?.textContent).toBe('line 750000'),
    );
    const row = container.querySelector('.row[data-line="750000"]')!;
    expect(row.classList.contains('hl')).toBe(true);
    expect(row.classList.contains('active')).toBe(true);
    expect(requests.every((r) => r.count <= 2000)).toBe(true);
    expect(requests.length).toBeLessThan(6);
  });
});
