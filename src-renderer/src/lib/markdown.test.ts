import { describe, expect, it } from 'vitest';
import type { DiagnoseResult } from '../../../src-main/ipc/contract';
import { reportToMarkdown } from './markdown';

const result: DiagnoseResult = {
  logId: 'x',
  historyId: 'h',
  lineCount: 3,
  source: { kind: 'file', name: 'vllm.log', path: '/home/alice/vllm.log', bytes: 100 },
  report: {
    facts: { engine: 'vllm', model: '/home/alice/models/Llama-3.1-8B', settings: {}, measurements: {} },
    errorLines: [],
    stats: { lines: 3, bytes: 100, millis: 2 },
    findings: [
      {
        id: 'kv-cache-insufficient',
        title: 'KV cache too small for max_model_len',
        titleZh: 'KV 缓存不足',
        confidence: 0.95,
        evidence: [{ line: 2, text: 'ValueError: ... on host gpu01.corp at 10.0.0.7' }],
        facts: { max_model_len: 131072 },
        fixes: [
          {
            summary: 'Lower max_model_len',
            summaryZh: '降低 max_model_len',
            settings: { max_model_len: 29000 },
            before: { max_model_len: 131072 },
            commands: { 'vllm-cli': 'vllm serve /home/alice/models/Llama-3.1-8B --max-model-len 29000' },
          },
        ],
        docs: ['https://docs.vllm.ai/en/latest/configuration/optimization.html'],
      },
    ],
  },
};

describe('reportToMarkdown', () => {
  it('writes the root cause, evidence, before → after and commands, redacted', () => {
    const md = reportToMarkdown(result, { locale: 'en', keepSensitive: false });
    expect(md).toContain('## Root cause: KV cache too small for max_model_len');
    expect(md).toContain('| `max_model_len` | 131072 | 29000 |');
    expect(md).toContain('vllm serve <path>/Llama-3.1-8B --max-model-len 29000');
    expect(md).toContain('<host> at <ip>');
    expect(md).not.toContain('alice');
    expect(md).toContain('https://docs.vllm.ai/en/latest/configuration/optimization.html');
  });

  it('keeps details when asked, and speaks Chinese', () => {
    const md = reportToMarkdown(result, { locale: 'zh-CN', keepSensitive: true });
    expect(md).toContain('## 根本原因: KV 缓存不足');
    expect(md).toContain('/home/alice/models/Llama-3.1-8B');
    expect(md).toContain('**修复:** 降低 max_model_len');
  });
});
