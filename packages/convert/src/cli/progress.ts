import cliProgress from "cli-progress";
import type { ConvertProgressEvent } from "../types.js";
import { formatBytes } from "./format.js";

const PHASE_LABEL: Record<ConvertProgressEvent["phase"], string> = {
  download: "downloading",
  read: "reading",
  decode: "decoding",
  encode: "encoding",
  write: "writing",
};

/**
 * Shows progress on stderr: a bar per phase on a terminal, one log line per phase otherwise (so logs and
 * CI output stay readable and stdout stays free for the summary).
 */
export class StderrProgress {
  private bar: cliProgress.SingleBar | undefined;
  private current = "";

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled: boolean,
  ) {}

  readonly onProgress = (e: ConvertProgressEvent): void => {
    // Encoding interleaves with writing shard by shard: the byte count of the writes tells the whole story.
    if (!this.enabled || e.phase === "encode") return;
    const perFile = e.phase === "download" || e.phase === "read";
    const key = `${e.phase}:${perFile ? (e.file ?? "") : ""}`;
    const label = `${PHASE_LABEL[e.phase]}${perFile && e.file ? ` ${e.file.split("/").pop()}` : ""}`;
    if (key !== this.current) {
      this.stop();
      this.current = key;
      if (this.stream.isTTY && e.total !== undefined) {
        this.bar = new cliProgress.SingleBar(
          {
            stream: this.stream,
            format: `${label.padEnd(36).slice(0, 36)} [{bar}] {percentage}% {done}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(e.total, 0, { done: "" });
      } else {
        this.stream.write(`${label}...\n`);
      }
    }
    const done = e.unit === "bytes" ? formatBytes(e.loaded) : `${e.loaded} tensors`;
    this.bar?.update(e.loaded, { done });
  };

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
