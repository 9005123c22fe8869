import cliProgress from "cli-progress";

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * A bar over the input files on stderr, shown only for several files on a terminal (a bar in a log file
 * or a pipe is noise; stdout stays free for the results).
 */
export class FileProgress {
  private readonly bar: cliProgress.SingleBar | undefined;

  constructor(stream: ProgressStream, total: number, enabled: boolean) {
    if (!enabled || total < 2 || !stream.isTTY) return;
    this.bar = new cliProgress.SingleBar(
      { stream, format: "classifying [{bar}] {value}/{total} files {file}", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { file: "" });
  }

  /** One more file done. */
  tick(file: string): void {
    this.bar?.increment(1, { file });
  }

  stop(): void {
    this.bar?.stop();
  }
}
