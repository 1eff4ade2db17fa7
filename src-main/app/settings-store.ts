import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from './atomic-write';
import { DEFAULT_SETTINGS, SettingsSchema, type AppSettings } from '../ipc/contract';

/** The user's preferences, one small JSON file in the data folder. */
export class SettingsStore {
  private cached: AppSettings | undefined;

  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, 'settings.json');
  }

  async get(): Promise<AppSettings> {
    if (this.cached) return this.cached;
    try {
      const parsed = v.safeParse(v.partial(SettingsSchema), JSON.parse(await readFile(this.file, 'utf8')));
      this.cached = { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.output : {}) };
    } catch {
      this.cached = { ...DEFAULT_SETTINGS };
    }
    return this.cached;
  }

  async set(patch: Partial<AppSettings>): Promise<AppSettings> {
    const next = { ...(await this.get()), ...patch };
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
    this.cached = next;
    return next;
  }
}
