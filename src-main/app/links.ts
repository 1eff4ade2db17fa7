/** Documentation sites the app may open in the user's browser; everything else is refused. */
export const DOC_HOSTS = ['docs.vllm.ai', 'inference.readthedocs.io', 'pytorch.org'] as const;
/** GitHub organisations whose pages may be opened. */
export const DOC_GITHUB_ORGS = ['vllm-project', 'xorbitsai'] as const;

export function isAllowedDocUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  if ((DOC_HOSTS as readonly string[]).includes(host)) return true;
  if (host.endsWith('.pytorch.org') || host.endsWith('.docs.vllm.ai')) return true;
  if (host === 'github.com') {
    const org = url.pathname.split('/')[1]?.toLowerCase() ?? '';
    return (DOC_GITHUB_ORGS as readonly string[]).includes(org);
  }
  return false;
}
