/**
 * Notes for the user when the log itself cannot name the cause: a paste that holds only a
 * generic wrapper line, or Xinference CLI output (which, since v1.5, prints a model uid even
 * when the launch failed — the cause is in the server log).
 */
import type { LogDocument } from './document';
import type { Finding, LogFacts, ReportNote } from './types';

const WRAPPERS =
  /Engine core initialization failed|EngineCore failed to start|Engine process failed to start|Worker failed with error|WorkerProc (?:hit an exception|failed to start)|ActorDiedError|RayActorError|ServerClosed|Worker \S+ died|died, exit code/i;
const XINFERENCE_UID = /Model uid:\s*\S+/i;

export function notesFor(doc: LogDocument, facts: LogFacts, findings: Finding[]): ReportNote[] {
  const wholeText = doc.text;
  const notes: ReportNote[] = [];
  if (!findings.length && WRAPPERS.test(doc.text)) {
    notes.push({
      id: 'wrapper-only',
      text: 'The log shows only a generic failure line; the real cause is printed above it (often by a worker process). Paste or open the whole log.',
      textZh:
        '日志中只有通用的失败提示；真正的原因打印在它之前（通常来自某个 worker 进程）。请粘贴或打开完整日志。',
    });
  }
  if (
    !findings.length &&
    (facts.engine === 'xinference' || XINFERENCE_UID.test(wholeText)) &&
    XINFERENCE_UID.test(wholeText)
  ) {
    notes.push({
      id: 'xinference-cli-uid',
      text: 'Since Xinference 1.5, `xinference launch` prints a model uid even when loading fails; the cause is in the server log (~/.xinference/logs/) or the web UI.',
      textZh:
        '自 Xinference 1.5 起，即使加载失败 `xinference launch` 也会打印 model uid；原因在服务端日志（~/.xinference/logs/）或网页界面中。',
    });
  }
  return notes;
}
