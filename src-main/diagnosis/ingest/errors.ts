/**
 * Input problems the user must hear about in one plain sentence (never a stack trace).
 */

export type IngestErrorCode =
  'empty' | 'binary' | 'directory' | 'not-found' | 'permission' | 'cancelled' | 'too-large' | 'unreadable';

/** What the input is called in messages, e.g. `the file "vllm.log"` or `the pasted text`. */
export type InputSubject = string;

export class IngestError extends Error {
  readonly code: IngestErrorCode;

  constructor(code: IngestErrorCode, message: string) {
    super(message);
    this.name = 'IngestError';
    this.code = code;
  }
}

export function fileSubject(path: string): InputSubject {
  return `the file "${path}"`;
}

function capitalised(subject: InputSubject): string {
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

export function emptyInput(subject: InputSubject): IngestError {
  return new IngestError('empty', `${capitalised(subject)} is empty: there is no log text to diagnose.`);
}

/** `reason` completes "it …", e.g. "looks like a PNG image". */
export function binaryInput(subject: InputSubject, reason: string): IngestError {
  return new IngestError('binary', `${capitalised(subject)} is not a text log: it ${reason}.`);
}

export function cancelled(): IngestError {
  return new IngestError('cancelled', 'Reading the log was cancelled.');
}

/** Turns a file-system error into the sentence the user sees. */
export function fromFileSystemError(error: unknown, subject: InputSubject): IngestError {
  if (error instanceof IngestError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new IngestError('not-found', `${capitalised(subject)} does not exist.`);
    case 'EACCES':
    case 'EPERM':
      return new IngestError('permission', `${capitalised(subject)} cannot be opened: permission denied.`);
    case 'EISDIR':
      return directoryInput(subject);
    case 'ABORT_ERR':
      return cancelled();
    default:
      return new IngestError(
        'unreadable',
        `${capitalised(subject)} could not be read (${code ?? (error instanceof Error ? error.message : String(error))}).`,
      );
  }
}

export function directoryInput(subject: InputSubject): IngestError {
  return new IngestError('directory', `${capitalised(subject)} is a folder; choose a log file inside it.`);
}
