import { describe, expect, it } from 'vitest';
import { cleanRaw, normaliseLine, normaliseText } from '../../src-main/diagnosis/normalise';

describe('normalise', () => {
  it.each([
    [
      '(VllmWorker rank=1 pid=4731) ERROR 05-09 10:47:36 [multiproc_executor.py:470] torch.OutOfMemoryError: CUDA out of memory.',
      'torch.OutOfMemoryError: CUDA out of memory.',
      'VllmWorker rank=1',
    ],
    [
      '(RayWorkerWrapper pid=410, ip=172.24.0.105) ERROR 01-14 03:08:55 worker_base.py:467]     hf_folder = download_weights_from_hf(',
      '    hf_folder = download_weights_from_hf(',
      'RayWorkerWrapper',
    ],
    [
      '(EngineCore_DP0 pid=64528) ERROR 11-18 13:44:09 [core.py:842] ValueError: To serve at least one request',
      'ValueError: To serve at least one request',
      'EngineCore_DP0',
    ],
    [
      "2025-04-12 21:57:39,467 xinference.api.restful_api 1 ERROR    [address=0.0.0.0:43423, pid=167] The model's max seq len (32768) is larger",
      "The model's max seq len (32768) is larger",
      undefined,
    ],
    [
      'vllm-openai_1  | (RayWorkerWrapper pid=3487) ERROR 06-05 16:30:08 worker_base.py:148] RuntimeError: Unexpected error',
      'RuntimeError: Unexpected error',
      'RayWorkerWrapper',
    ],
    [
      '[rank1]:ValueError: The decoder prompt (length 16476)',
      'ValueError: The decoder prompt (length 16476)',
      undefined,
    ],
    [
      '[2025-03-03 06:49:28 TP5] Input length (160062 tokens) exceeds the maximum allowed length (59862 tokens).',
      'Input length (160062 tokens) exceeds the maximum allowed length (59862 tokens).',
      undefined,
    ],
    [
      'ERROR:    [Errno 98] error while attempting to bind',
      '[Errno 98] error while attempting to bind',
      undefined,
    ],
    ['RROR 12-18 19:47:34 engine.py:366] ValueError: Total number', 'ValueError: Total number', undefined],
    [
      '2024-04-27 10:13:05 | ERROR | stderr | Traceback (most recent call last):',
      'Traceback (most recent call last):',
      undefined,
    ],
    [
      '  | (EngineCore_DP0 pid=6804) ValueError: No available memory for the cache blocks.',
      'ValueError: No available memory for the cache blocks.',
      'EngineCore_DP0',
    ],
  ])('strips the decorations of %s', (raw, text, proc) => {
    const line = normaliseLine(7, raw);
    expect(line.text).toBe(text);
    expect(line.line).toBe(7);
    if (proc) expect(line.proc).toContain(proc);
  });

  it('removes ANSI colours, including pasted caret notation, and CI timestamps', () => {
    const raw =
      '[2026-01-26T17:25:37Z] ^[[0;36m(EngineCore_DP0 pid=738)^[[0;0m ^[[31mERROR^[[0m ^[[90m01-26 09:25:37^[[0m ^[[90m[core.py:935]^[[0m ValueError: Free memory';
    expect(normaliseText(cleanRaw(raw)).text).toBe('ValueError: Free memory');
    expect(cleanRaw('\x1b[31mERROR\x1b[0m x')).toBe('ERROR x');
  });

  it('keeps the last frame of a carriage-return progress bar and drops NUL bytes', () => {
    expect(cleanRaw('Loading 10%\rLoading 50%\rLoading 100%\r')).toBe('Loading 100%');
    expect(cleanRaw('a\u0000b')).toBe('ab');
  });

  it('unwraps interleaved worker prefixes', () => {
    const line = normaliseLine(
      1,
      '(VllmWorkerProcess pid=303) (VllmWorkerProcess pid=306) ERROR 01-19 03:55:24 multiproc_worker_utils.py:233]     output = executor(*args, **kwargs)',
    );
    expect(line.text).toBe('    output = executor(*args, **kwargs)');
  });
});
