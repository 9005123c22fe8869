import type { MaskPrediction } from "@longformer-ts/heads";

function cell(tag: "td" | "th", text: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** Up to `radius` characters either side of a mask, the mask written as `<mask>`. */
export function maskContext(text: string, mask: Pick<MaskPrediction, "charStart" | "charEnd">, radius = 50): string {
  const before = text.slice(Math.max(0, mask.charStart - radius), mask.charStart);
  const after = text.slice(mask.charEnd, mask.charEnd + radius);
  const open = mask.charStart > radius ? "…" : "";
  const close = mask.charEnd + radius < text.length ? "…" : "";
  return `${open}${before}<mask>${after}${close}`.replace(/\s+/g, " ").trim();
}

/**
 * One table per mask: rank, token, score and a bar. Rows carry `data-token-id` / `data-score` (full
 * precision) for scripts and tests; text goes in with `textContent`, never as HTML.
 */
export function renderPredictions(container: HTMLElement, text: string, masks: MaskPrediction[]): void {
  container.replaceChildren();
  masks.forEach((mask, i) => {
    const heading = document.createElement("h2");
    heading.textContent =
      masks.length > 1 ? `Mask ${i + 1} (token ${mask.position})` : `Mask at token ${mask.position}`;
    const context = document.createElement("p");
    context.className = "context";
    context.textContent = maskContext(text, mask);
    const table = document.createElement("table");
    table.dataset.maskPosition = String(mask.position);
    const head = document.createElement("tr");
    head.append(cell("th", "#"), cell("th", "token"), cell("th", "score"), cell("th", ""));
    table.append(head);
    // Bars relative to the best candidate: probabilities over a 30k vocabulary are often all small.
    const best = Math.max(...mask.predictions.map((p) => p.score), Number.MIN_VALUE);
    mask.predictions.forEach((p, rank) => {
      const row = document.createElement("tr");
      row.className = "prediction";
      row.dataset.tokenId = String(p.token);
      row.dataset.score = String(p.score);
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = `${Math.max(1, Math.round((160 * p.score) / best))}px`;
      const barCell = document.createElement("td");
      barCell.append(bar);
      row.append(
        cell("td", String(rank + 1)),
        cell("td", p.tokenStr),
        cell("td", p.score.toFixed(4), "score"),
        barCell,
      );
      table.append(row);
    });
    container.append(heading, context, table);
  });
}
