import { open } from "node:fs/promises";
import { join } from "node:path";
import type { ProgressCallback } from "../types.js";

/** tfjs' shard names: `group1-shard1of3.bin`. */
export function shardFileName(index: number, count: number): string {
  return `group1-shard${index + 1}of${count}.bin`;
}

/**
 * Streams tensor bytes into fixed-size shard files (a tensor may span two shards, as in tfjs' own
 * converter), so at most one shard is buffered in memory.
 */
export class ShardWriter {
  readonly paths: string[];
  private readonly buffer: Uint8Array;
  private filled = 0;
  private shard = 0;
  private written = 0;

  constructor(
    private readonly dir: string,
    private readonly totalBytes: number,
    shardSize: number,
    private readonly onProgress?: ProgressCallback,
  ) {
    const count = Math.max(1, Math.ceil(totalBytes / shardSize));
    this.paths = Array.from({ length: count }, (_, i) => shardFileName(i, count));
    this.buffer = new Uint8Array(Math.min(shardSize, Math.max(totalBytes, 1)));
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const n = Math.min(this.buffer.byteLength - this.filled, bytes.byteLength - offset);
      this.buffer.set(bytes.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.buffer.byteLength) await this.flush();
    }
  }

  /** Writes the last partial shard; every shard file exists afterwards (an empty model gets one empty shard). */
  async close(): Promise<void> {
    if (this.filled > 0 || this.shard < this.paths.length) await this.flush();
  }

  private async flush(): Promise<void> {
    const path = join(this.dir, this.paths[this.shard] as string);
    const handle = await open(path, "wx");
    try {
      await handle.writeFile(this.buffer.subarray(0, this.filled));
    } finally {
      await handle.close();
    }
    this.written += this.filled;
    this.shard++;
    this.filled = 0;
    this.onProgress?.({ phase: "write", unit: "bytes", loaded: this.written, total: this.totalBytes, file: path });
  }
}
