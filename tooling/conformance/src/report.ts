import type { ConformanceReport, ConformanceRow } from "./run.js";

const HEADER = ["model", "case", "output", "max abs err", "atol", "status"] as const;

function cells(row: ConformanceRow): string[] {
  const err = row.maxAbsError === undefined ? "-" : row.maxAbsError.toExponential(2);
  const status = row.status === "pass" ? "pass" : row.status.toUpperCase();
  return [row.model, row.case, row.output, err, String(row.atol), row.message ? `${status} (${row.message})` : status];
}

/** Column widths for a fixed set of rows (so progress lines and the final table line up). */
export function columnWidths(rows: ConformanceRow[]): number[] {
  const widths: number[] = HEADER.map((h) => h.length);
  for (const row of rows) {
    cells(row).forEach((c, i) => {
      if (i < HEADER.length - 1) widths[i] = Math.max(widths[i]!, c.length);
    });
  }
  return widths;
}

export function formatRow(row: ConformanceRow, widths: number[]): string {
  return cells(row)
    .map((c, i) => (i < widths.length - 1 ? c.padEnd(widths[i]!) : c))
    .join("  ");
}

export function formatHeader(widths: number[]): string {
  return HEADER.map((h, i) => (i < widths.length - 1 ? h.padEnd(widths[i]!) : h)).join("  ");
}

/** The whole table plus a summary line. */
export function formatReport(report: ConformanceReport): string {
  const widths = columnWidths(report.rows);
  const lines = [formatHeader(widths), ...report.rows.map((r) => formatRow(r, widths)), "", formatSummary(report)];
  return lines.join("\n");
}

export function formatSummary(report: ConformanceReport): string {
  const c = report.counts;
  const parts = [`${c.pass} pass`, `${c.fail} fail`, `${c.error} error`, `${c.unsupported} unsupported`];
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  return `${report.ok ? "OK" : "FAILED"}: ${parts.join(", ")} (backend ${report.backend}, kernel ${report.kernel}, ${report.fixturesDir})`;
}
