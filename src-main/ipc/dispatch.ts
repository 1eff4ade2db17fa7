/**
 * Validates a request against the contract and runs its handler; the one entry point used by both
 * Electron's ipcMain and the web host. Never throws: failures come back as an error envelope.
 */
import * as v from 'valibot';
import { isChannelName } from './channels';
import { inputSchemas, type Envelope } from './contract';
import { CoreError, toErrorBody } from './errors';
import type { Handlers } from './handlers';

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
): Promise<Envelope<unknown>> {
  try {
    if (!isChannelName(channel))
      throw new CoreError('unknown-channel', `Unknown request: ${String(channel)}`);
    const parsed = v.safeParse(inputSchemas[channel], rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.') || 'input';
      throw new CoreError('invalid-input', `Invalid ${channel} request (${where}): ${issue.message}`);
    }
    // The table guarantees the parsed input matches this channel's handler.
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.output) };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}
