/**
 * What a terminal would show after `output`, one string per line: enough of a terminal to see whether
 * lines overwrite each other. Handles text, `\r`, `\n`, cursor to column (`ESC[nG`), erase in line
 * (`ESC[K`, `ESC[0K`, `ESC[1K`, `ESC[2K`); other escapes (cursor visibility, save/restore) are ignored.
 */
export function terminalScreen(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC-sequences are what this reads.
  const tokens = /\x1b\[([?\d;]*)([A-Za-z])|\x1b[78]|\r|\n|[^\x1b\r\n]/gu;
  for (const m of output.matchAll(tokens)) {
    const token = m[0];
    const line = lines[row] as string[];
    if (token === "\n") {
      row++;
      col = 0;
      lines[row] ??= [];
    } else if (token === "\r") {
      col = 0;
    } else if (m[2] === "G") {
      col = Math.max(0, Number(m[1] || 1) - 1);
    } else if (m[2] === "K") {
      if (m[1] === "2") lines[row] = [];
      else if (m[1] === "1") line.fill(" ", 0, col + 1);
      else line.length = Math.min(line.length, col);
    } else if (!token.startsWith("\x1b")) {
      line[col++] = token;
    }
  }
  return lines.map((l) =>
    Array.from(l, (c) => c ?? " ")
      .join("")
      .trimEnd(),
  );
}
