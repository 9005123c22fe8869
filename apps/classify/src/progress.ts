import { clearLine, cursorTo } from "node:readline";
import type { ProgressStream } from "@longformer-ts/cli-kit";
import cliProgress from "cli-progress";

export type { ProgressStream };

/**
 * A bar over the input files on stderr, shown only for several files on a terminal (a bar in a log file
 * or a pipe is noise; stdout stays free for the results).
 */
export class FileProgress {
  private bar: cliProgress.SingleBar | undefined;

  constructor(
    private readonly stream: ProgressStream,
    total: number,
    enabled: boolean,
  ) {
    if (!enabled || total < 2 || !stream.isTTY) return;
    this.bar = new cliProgress.SingleBar(
      // forceRedraw: after a log line the bar must be drawn again on the new line even if it did not move.
      { stream, format: "classifying [{bar}] {value}/{total} files {file}", hideCursor: true, forceRedraw: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { file: "" });
  }

  /**
   * A line for stderr (a warning, an error) while the bar may be drawn: the bar's line is cleared, the
   * line written in its place, and the bar drawn again below it.
   */
  log(line: string): void {
    if (!this.bar) {
      this.stream.write(`${line}\n`);
      return;
    }
    cursorTo(this.stream, 0);
    clearLine(this.stream, 0);
    this.stream.write(`${line}\n`);
    this.bar.render();
  }

  /** One more file done. */
  tick(file: string): void {
    this.bar?.increment(1, { file });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
