/** A small reader for Python call arguments: `LLM(model="x", max_model_len=4096, limit_mm_per_prompt={"image": 2})`. */

export interface PythonKwarg {
  name: string;
  /** The value's source text. */
  source: string;
  /** The value as data when it is a literal (str, int, float, True/False/None, dict/list of literals). */
  value: unknown;
  /** Whether `value` is a literal (false for variables and expressions). */
  literal: boolean;
}

/** Index just past the string literal starting at `start` (quote at `start`, optional prefix handled by caller). */
function skipString(text: string, start: number): number {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(closing, i)) return i + closing.length;
    i += 1;
  }
  return text.length;
}

/** Splits `a=1, b=(2, 3), c="x,y"` at top-level commas; stops at an unmatched closing bracket. */
export function splitTopLevel(text: string): { parts: string[]; end: number } {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  for (; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      i = skipString(text, i) - 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if ('([{'.includes(ch)) {
      depth += 1;
    } else if (')]}'.includes(ch)) {
      if (depth === 0) break;
      depth -= 1;
    } else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start, i));
  return { parts: parts.map((p) => p.replace(/#[^\n]*/g, '').trim()).filter(Boolean), end: i };
}

function unquote(source: string): string | undefined {
  const match = /^[rRbBuU]?('''|"""|'|")([\s\S]*)\1$/.exec(source);
  if (!match) return undefined;
  const raw = /^[rR]/.test(source);
  return raw
    ? match[2]
    : match[2].replace(/\\(['"\\n t])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Evaluates a Python literal; `{ ok: false }` for anything else. */
export function pythonLiteral(source: string): { ok: true; value: unknown } | { ok: false } {
  const text = source.trim();
  if (text === 'True') return { ok: true, value: true };
  if (text === 'False') return { ok: true, value: false };
  if (text === 'None') return { ok: true, value: null };
  if (/^[-+]?(\d[\d_]*)$/.test(text)) return { ok: true, value: Number(text.replace(/_/g, '')) };
  if (/^[-+]?(\d[\d_]*\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)$/.test(text))
    return { ok: true, value: Number(text.replace(/_/g, '')) };
  const str = unquote(text);
  if (str !== undefined) return { ok: true, value: str };
  if ((text.startsWith('{') && text.endsWith('}')) || (text.startsWith('[') && text.endsWith(']'))) {
    const inner = text.slice(1, -1);
    const { parts } = splitTopLevel(inner);
    if (text.startsWith('[')) {
      const items = parts.map(pythonLiteral);
      return items.every((i) => i.ok)
        ? { ok: true, value: items.map((i) => (i.ok ? i.value : null)) }
        : { ok: false };
    }
    const object: Record<string, unknown> = {};
    for (const part of parts) {
      const colon = topLevelColon(part);
      if (colon < 0) return { ok: false };
      const key = pythonLiteral(part.slice(0, colon));
      const value = pythonLiteral(part.slice(colon + 1));
      if (!key.ok || !value.ok) return { ok: false };
      object[String(key.value)] = value.value;
    }
    return { ok: true, value: object };
  }
  return { ok: false };
}

function topLevelColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"' || ch === "'") i = skipString(text, i) - 1;
    else if ('([{'.includes(ch)) depth += 1;
    else if (')]}'.includes(ch)) depth -= 1;
    else if (ch === ':' && depth === 0) return i;
  }
  return -1;
}

/** Parses `name=value` pieces of a call; positional arguments get the name `''`. */
export function parseKwargs(text: string): { kwargs: PythonKwarg[]; end: number } {
  const { parts, end } = splitTopLevel(text);
  const kwargs = parts.map((part): PythonKwarg => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*([\s\S]*)$/.exec(part);
    const name = match ? match[1] : '';
    const source = match ? match[2].trim() : part;
    const literal = pythonLiteral(source);
    return { name, source, value: literal.ok ? literal.value : source, literal: literal.ok };
  });
  return { kwargs, end };
}

/** Python source for a value: strings double-quoted, booleans True/False, objects as dict literals. */
export function pythonSource(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonSource).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${JSON.stringify(k)}: ${pythonSource(v)}`,
  );
  return `{${entries.join(', ')}}`;
}
