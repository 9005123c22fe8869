import type { ConvertSummary } from "../convert/convert.js";
import { ConvertError } from "../errors.js";

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** "4MB" / "512KiB" / "1048576" -> bytes (binary units, as tfjs' 4 MB shards are 4 MiB). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(m?.[2] || "b").toLowerCase()];
  if (!m || unit === undefined)
    throw new ConvertError("INVALID_ARGUMENT", `cannot read size "${text}" (examples: 4MB, 512KB, 1048576)`);
  return Math.round(Number(m[1]) * unit);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[i]}`;
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length ? entries.map(([k, v]) => `${k} x${v}`).join(", ") : "-";
}

/** The human summary printed on stdout. */
export function formatSummary(s: ConvertSummary): string {
  const distinct = s.tensors - s.tiedWeights.length;
  const tied = s.tiedWeights.length
    ? s.tiedWeights.map((t) => `${t.name} = ${t.source} (${t.how})`).join("\n               ")
    : "none";
  const rows: [string, string][] = [
    ["tensors", `${s.tensors} (${distinct} distinct)`],
    ["parameters", s.parameters.toLocaleString("en-US")],
    ["bytes", `${formatBytes(s.bytes)} (${s.bytes} B) in ${s.shards} shard${s.shards === 1 ? "" : "s"}`],
    ["dtypes", `${counts(s.dtypes)} (source: ${counts(s.sourceDtypes)})`],
    ["tied weights", tied],
    ["dropped", s.droppedNames.length ? s.droppedNames.join(", ") : "none"],
    ["copied", s.copiedFiles.join(", ") || "none"],
    ["time", `${s.seconds.toFixed(2)} s`],
  ];
  const head = `converted ${s.source} (${s.sourceFormat}) -> ${s.outDir} as ${s.dtype}`;
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}`)].join("\n");
}
