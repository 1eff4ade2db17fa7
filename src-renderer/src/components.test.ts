/**
 * Every Svelte component compiles in runes mode with no warnings (accessibility warnings included).
 * Behaviour lives in the plain modules under lib/ (unit-tested there) and is exercised in the
 * browser by e2e/webhost-ui.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(full);
    return entry.name.endsWith('.svelte') ? [full] : [];
  });
}

const files = svelteFiles(__dirname);

describe('Svelte components', () => {
  it('exist', () => expect(files.length).toBeGreaterThan(8));

  it.each(files.map((file) => [path.relative(__dirname, file), file]))(
    '%s compiles without warnings',
    (_name, file) => {
      const source = readFileSync(file, 'utf8');
      // TypeScript in <script lang="ts"> is stripped by the compiler itself (type-only syntax).
      const result = compile(source, { filename: file, runes: true, generate: 'client' });
      expect(result.warnings.map((w) => `${w.code}: ${w.message.split('\n')[0]}`)).toEqual([]);
    },
  );
});
