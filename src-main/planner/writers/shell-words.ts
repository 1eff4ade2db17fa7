/** Splitting and quoting POSIX shell words (enough for pasted launch commands). */

/**
 * Splits a command line into words: single and double quotes, backslash escapes, and backslash-newline
 * continuations are understood; `#` comments at the start of a word end the line.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i += 1;
      continue;
    }
    if (ch === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    inWord = true;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      current += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') current += text[i + 1];
          i += 2;
        } else {
          current += text[i];
          i += 1;
        }
      }
      i += 1;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i += 2;
    } else {
      current += ch;
      i += 1;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_./:=@%+,~-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into one line, or into `\`-continued lines of one option each when `multiline`. */
export function joinCommand(head: string[], options: string[][], multiline = false): string {
  const first = head.map(quoteShellWord).join(' ');
  const rest = options.map((words) => words.map(quoteShellWord).join(' '));
  if (!multiline) return [first, ...rest].join(' ');
  return [first, ...rest].join(' \\\n  ');
}
