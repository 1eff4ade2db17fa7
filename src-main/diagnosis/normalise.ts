/**
 * Normalisation: what is left of a log line once the decorations real logs carry are gone.
 * ANSI colours, CR progress bars, CI timestamps, docker-compose service prefixes, worker
 * prefixes (`(VllmWorker rank=0 pid=…)`, `(RayWorkerWrapper pid=…, ip=…)`, `(EngineCore_DP0 pid=…)`),
 * level/time/file prefixes of vLLM, Xinference, uvicorn, FastChat and SGLang, torch's `[rank1]:`,
 * and Xinference's `[address=…, pid=…]` wrapper inside messages.
 */
import type { LogLine } from './types';
import { MAX_LINE_CHARS } from './scan';

// Control characters are the point of these two patterns.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;
/** ANSI codes pasted in caret notation (`^[[0;36m`), as some CI pages render them. */
const CARET_ANSI = /\^\[\[[0-9;]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

/** Leading decorations, tried in order until none applies. Each removes one prefix. */
const PREFIXES: ReadonlyArray<{ pattern: RegExp; proc?: boolean }> = [
  // CI timestamps: [2026-01-28T23:59:42Z]
  { pattern: /^\[\d{4}-\d\d-\d\dT[\d:.]+Z?\]\s*/ },
  // docker / kubectl logs --timestamps: 2024-06-28T06:11:52.685300953Z
  { pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)\s+/ },
  // Markdown quotes and shell continuation prompts: "> vllm serve …"
  { pattern: /^\s*>\s+/ },
  // Pipe-indented CI output: "  | (EngineCore_DP0 pid=6804) ..."
  { pattern: /^\s*\|\s+/ },
  // docker compose service prefix: "vllm-openai_1  | "
  { pattern: /^[\w.-]+[-_]\d+\s+\|\s?/ },
  // Worker prefix: (VllmWorker rank=0 pid=12) / (RayWorkerWrapper pid=410, ip=1.2.3.4) / (EngineCore_DP0 pid=5)
  { pattern: /^\s*\(([^()]{1,80}?)\s+pid=\d+[^()]{0,80}\)\s*/, proc: true },
  // torch.distributed rank prefix: [rank1]:
  { pattern: /^\[rank\d+\]:\s*/ },
  // vLLM: "ERROR 05-08 21:27:27 [serving_chat.py:198] " / "INFO 04-27 10:11:03 llm_engine.py:70] "
  // (also with a full date, milliseconds, or a first letter lost in the paste: "RROR 12-18 …")
  {
    pattern:
      /^[A-Z]{3,8}\s+(?:\d{4}-)?\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\s+(?:\[[^\]\s]{1,200}:\d+\]|[^\]\s]{1,200}:\d+\])\s?/,
  },
  // Xinference ≤2.9: "2025-04-12 21:57:39,467 xinference.api.restful_api 1 ERROR    "
  {
    pattern:
      /^\d{3,4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\s+[\w.]+\s+\d+\s+(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+/,
  },
  // Xinference ≥2.10: "2026-08-07T18:25:43.679Z INFO uvicorn.access pid:1 role:local address:… node:… "
  {
    pattern:
      /^\d{4}-\d\d-\d\dT[\d:.]+Z\s+(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+[\w.]+\s+pid:\d+\s+role:\S+\s+address:\S+\s+node:\S+\s+/,
  },
  // FastChat-style: "2024-04-27 10:13:05 | ERROR | stderr | "
  { pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| \w+ \| [\w.]+ \| / },
  // Generic Python logging: "2024-09-21 18:15:28,304 INFO worker.py:1786 -- "
  { pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\s+(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+\S+\s+--\s+/ },
  // SGLang: "[2025-03-03 06:49:28 TP5] "
  { pattern: /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: [A-Z]+\d+)*\]\s*/ },
  // uvicorn: "ERROR:    "
  { pattern: /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):\s+/ },
];

const XINFERENCE_WRAPPER = /\[address=[^,\]\s]{1,200}, pid=\d+\]\s*/g;

export interface NormalisedText {
  text: string;
  proc?: string;
  xinferenceWrapped: boolean;
}

/** Removes colours, CR progress-bar frames and NUL bytes; keeps everything else as given. */
export function cleanRaw(raw: string): string {
  let line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
  if (line.includes('\r')) {
    // A progress bar redraws with CR; what a terminal shows is the last non-empty frame.
    const frames = line.split('\r').filter((frame) => frame.trim() !== '');
    line = frames.length ? frames[frames.length - 1] : '';
  }
  if (line.includes('\x1b')) line = line.replace(ANSI_ESCAPE, '');
  if (line.includes('^[[')) line = line.replace(CARET_ANSI, '');
  if (line.includes('\u0000')) line = line.replace(NUL, '');
  // Errors pasted from JSON bodies carry escaped quotes: "the model\'s context", \"message\".
  if (line.includes("\\'") || line.includes('\\"')) line = line.replace(/\\(['"])/g, '$1');
  return line;
}

export function normaliseText(cleaned: string): NormalisedText {
  let text = cleaned;
  let proc: string | undefined;
  for (let round = 0; round < 12; round += 1) {
    let changed = false;
    for (const prefix of PREFIXES) {
      const match = prefix.pattern.exec(text);
      if (match && match[0].length > 0) {
        if (prefix.proc && proc === undefined) proc = match[1].trim();
        text = text.slice(match[0].length);
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  const xinferenceWrapped = text.includes('[address=');
  if (xinferenceWrapped) text = text.replace(XINFERENCE_WRAPPER, '');
  return { text: text.trimEnd(), proc, xinferenceWrapped };
}

export function normaliseLine(lineNumber: number, raw: string): LogLine & { xinferenceWrapped: boolean } {
  const cleaned = cleanRaw(raw);
  const { text, proc, xinferenceWrapped } = normaliseText(cleaned);
  return { line: lineNumber, raw: cleaned, text, proc, xinferenceWrapped };
}
