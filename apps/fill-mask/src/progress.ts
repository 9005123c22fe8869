import type { ProgressEvent } from "@longformer-ts/convert";
import cliProgress from "cli-progress";

const PHASE_LABEL: Record<ProgressEvent["phase"], string> = {
  download: "downloading",
  read: "reading",
  decode: "decoding",
  encode: "encoding",
  write: "writing",
};

import type { ProgressStream } from "@longformer-ts/cli-kit";

export type { ProgressStream };

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Download and conversion progress on stderr: a bar per file/phase on a terminal, one line per
 * file/phase otherwise (logs and CI output stay readable; stdout stays free for the results).
 */
export class StderrProgress {
  private bar: cliProgress.SingleBar | undefined;
  private current = "";

  constructor(private readonly stream: ProgressStream) {}

  readonly onProgress = (e: ProgressEvent): void => {
    // Encoding interleaves with writing shard by shard: the byte count of the writes tells the story.
    if (e.phase === "encode") return;
    const perFile = e.phase === "download" || e.phase === "read";
    const file = perFile && e.file ? ` ${e.file.split("/").pop()}` : "";
    const key = `${e.phase}${file}`;
    if (key !== this.current) {
      this.stop();
      this.current = key;
      const label = `${PHASE_LABEL[e.phase]}${file}`;
      if (this.stream.isTTY && e.total !== undefined) {
        this.bar = new cliProgress.SingleBar(
          {
            stream: this.stream,
            format: `${label.padEnd(36).slice(0, 36)} [{bar}] {percentage}% {done}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(e.total, 0, { done: "" });
      } else {
        this.stream.write(`${label}...\n`);
      }
    }
    this.bar?.update(e.loaded, { done: e.unit === "bytes" ? formatBytes(e.loaded) : `${e.loaded} tensors` });
  };

  /**
   * A stderr line (the fallback notice, a log) while a bar may be drawn: the bar is finished on its own
   * line first, so the two never share one; a later event of the same file starts a new bar below.
   */
  readonly log = (line: string): void => {
    this.stop();
    this.stream.write(`${line}\n`);
  };

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.current = "";
  }
}
