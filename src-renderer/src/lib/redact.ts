/**
 * Redaction for reports shared outside this machine: file paths, host names, IP addresses, e-mail
 * addresses and credentials are replaced by placeholders. Public documentation and model-hub URLs
 * are kept, and so are the last part of paths (file or model names help the reader) and the part
 * of library paths after site-packages/.
 */

const PUBLIC_HOSTS = [
  'github.com',
  'huggingface.co',
  'hf-mirror.com',
  'modelscope.cn',
  'docs.vllm.ai',
  'inference.readthedocs.io',
  'pytorch.org',
  'download.pytorch.org',
  'pypi.org',
  'docs.nvidia.com',
  'localhost',
];

const HOST_TLDS = 'com|net|org|io|ai|cn|local|internal|lan|corp|edu|gov|cloud|dev|intra|home|xyz|co';

const PATTERNS: { name: string; source: string }[] = [
  { name: 'url', source: String.raw`\b[a-z][a-z0-9+.-]*://[^\s'"<>()\]]+` },
  { name: 'email', source: String.raw`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b` },
  {
    name: 'secret',
    source: [
      String.raw`\bhf_[A-Za-z0-9]{16,}`,
      String.raw`\bsk-[A-Za-z0-9_-]{16,}`,
      String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
      String.raw`\bAKIA[0-9A-Z]{16}\b`,
      String.raw`\bBearer\s+[A-Za-z0-9._~+/=-]{8,}`,
      String.raw`\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}`,
    ].join('|'),
  },
  {
    name: 'keyed-secret',
    source: String.raw`\b(?:[A-Za-z_]*(?:api[_-]?key|token|secret|password|passwd)[A-Za-z_]*)(?:\s*[=:]\s*|\s+)(?!<)["']?[^\s"',]{4,}`,
  },
  { name: 'prompt-host', source: String.raw`\b[a-z_][a-z0-9_-]*@[A-Za-z0-9][A-Za-z0-9.-]*(?=:)` },
  {
    name: 'ipv4',
    source: String.raw`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b(?!\.\d)`,
  },
  {
    name: 'ipv6',
    source: String.raw`(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?![\w:])`,
  },
  { name: 'win-path', source: String.raw`\b[A-Za-z]:\\(?:[^\\\s:*?"<>|]+\\)*[^\\\s:*?"<>|]*` },
  { name: 'unix-path', source: String.raw`(?<![\w.:/~-])(?:~/|/)(?:[\w.@+-]+/)+[\w.@+-]*` },
  {
    name: 'host',
    source: String.raw`\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:${HOST_TLDS})\b(?![.\w])`,
  },
];

const COMBINED = new RegExp(PATTERNS.map((p) => `(${p.source})`).join('|'), 'g');

function isPublicHost(host: string): boolean {
  const lower = host.toLowerCase();
  return PUBLIC_HOSTS.some((h) => lower === h || lower.endsWith(`.${h}`));
}

function redactPath(path: string, sep: '/' | '\\'): string {
  const parts = path.split(sep).filter(Boolean);
  const lib = parts.findIndex((p) => p === 'site-packages' || p === 'dist-packages');
  if (lib >= 0) return `<path>${sep}${parts.slice(lib).join(sep)}`;
  const last = parts[parts.length - 1];
  // A path that is only a root folder or a well-known system folder says nothing about the user.
  if (parts.length <= 1 || (/^(dev|proc|sys|tmp|usr|etc|opt|bin|lib)$/.test(parts[0]) && parts.length <= 2)) {
    return path;
  }
  return path.endsWith(sep) || !last ? `<path>${sep}` : `<path>${sep}${last}`;
}

function redactMatch(match: string, kind: string): string {
  switch (kind) {
    case 'url': {
      try {
        const url = new URL(match);
        if (
          isPublicHost(url.hostname) &&
          !url.username &&
          !url.password &&
          !/token|key|sig/i.test(url.search)
        ) {
          return match;
        }
        return `${url.protocol}//<host>${url.port ? ':<port>' : ''}${url.pathname === '/' ? '' : '/…'}`;
      } catch {
        return '<url>';
      }
    }
    case 'email':
      return '<email>';
    case 'secret':
      return '<secret>';
    case 'keyed-secret': {
      const key = /^[A-Za-z_-]*/.exec(match)?.[0] ?? '';
      const separator = /^[A-Za-z_-]*(\s*[=:]\s*|\s+)/.exec(match)?.[1] ?? '=';
      return `${key}${separator}<secret>`;
    }
    case 'prompt-host':
      return `${match.split('@')[0]}@<host>`;
    case 'ipv4':
      return match === '127.0.0.1' || match === '0.0.0.0' ? match : '<ip>';
    case 'ipv6':
      return match === '::1' || match === '::' ? match : '<ip>';
    case 'win-path':
      return redactPath(match, '\\');
    case 'unix-path':
      return redactPath(match, '/');
    case 'host':
      return isPublicHost(match) ? match : '<host>';
    default:
      return match;
  }
}

export function redactText(text: string): string {
  return text.replace(COMBINED, (match: string, ...groups: unknown[]) => {
    const index = groups.slice(0, PATTERNS.length).findIndex((g) => g !== undefined);
    return index >= 0 ? redactMatch(match, PATTERNS[index].name) : match;
  });
}

/** Applies `redactText` to every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
