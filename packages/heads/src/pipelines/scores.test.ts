import { describe, expect, it } from "vitest";
import { classifyRow, topKSoftmax } from "./scores.js";

const labels = ["neg", "neu", "pos"];

describe("classifyRow", () => {
  it("single-label: softmax, best first, label = argmax", () => {
    const r = classifyRow([1, 3, 2], labels, "single_label_classification");
    const e = [1, 3, 2].map(Math.exp);
    const sum = e.reduce((a, b) => a + b, 0);
    expect(r.label).toBe("neu");
    expect(r.scores.map((s) => s.label)).toEqual(["neu", "pos", "neg"]);
    expect(r.scores[0]!.score).toBeCloseTo(e[1]! / sum, 12);
    expect(r.labels).toEqual(["neu"]);
  });

  it("multi-label: independent sigmoids, labels above the threshold", () => {
    const r = classifyRow([2, -1, 0.5], labels, "multi_label_classification", { threshold: 0.6 });
    expect(r.scores.map((s) => s.score)).toEqual([
      1 / (1 + Math.exp(-2)),
      1 / (1 + Math.exp(-0.5)),
      1 / (1 + Math.exp(1)),
    ]);
    expect(r.labels).toEqual(["neg", "pos"]);
  });

  it("regression: raw values in label order; topK keeps the best k", () => {
    const r = classifyRow([0.25], ["score"], "regression");
    expect(r).toMatchObject({ label: "score", score: 0.25, labels: ["score"] });
    expect(classifyRow([1, 3, 2], labels, "single_label_classification", { topK: 1 }).scores).toHaveLength(1);
  });
});

describe("topKSoftmax", () => {
  it("matches a full sort and the full softmax on a slice of a flat buffer", () => {
    const row = Float32Array.from({ length: 2 * 1000 }, (_, i) => Math.sin(i * 12.9898) * 10);
    const best = topKSoftmax(row, 1000, 1000, 5);
    const slice = Array.from(row.subarray(1000));
    const order = slice.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
    expect(best.map((b) => b.index)).toEqual(order.slice(0, 5).map(([, i]) => i));
    const max = order[0]![0];
    const sum = slice.reduce((a, v) => a + Math.exp(v - max), 0);
    expect(best[0]!.probability).toBeCloseTo(1 / sum, 10);
  });
});
