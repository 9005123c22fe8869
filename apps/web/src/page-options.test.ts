import { describe, expect, it } from "vitest";
import { readPageOptions } from "./page-options.js";
import { maskContext } from "./render.js";

describe("readPageOptions", () => {
  const page = "http://127.0.0.1:8080/demo/index.html";

  it("defaults to ./model/ next to the page and no forced backend", () => {
    expect(readPageOptions("", page)).toEqual({ modelUrl: "http://127.0.0.1:8080/demo/model/", backend: undefined });
  });

  it("reads ?model= (relative or absolute, a trailing slash added) and ?backend=", () => {
    expect(readPageOptions("?model=/models/mini&backend=wasm", page)).toEqual({
      modelUrl: "http://127.0.0.1:8080/models/mini/",
      backend: "wasm",
    });
    expect(readPageOptions("?model=https://cdn.example/m/&backend=webgl", page).modelUrl).toBe(
      "https://cdn.example/m/",
    );
  });

  it("refuses a backend it does not have instead of ignoring it (UNKNOWN_BACKEND)", () => {
    for (const search of ["?backend=foo", "?backend=cpu", "?backend=WEBGL"]) {
      expect(() => readPageOptions(search, page)).toThrowError(
        expect.objectContaining({
          code: "UNKNOWN_BACKEND",
          message: expect.stringMatching(
            /^\?backend=\w+ is not a backend of this page: use \?backend=webgl or \?backend=wasm/,
          ),
        }),
      );
    }
    expect(readPageOptions("?backend=", page).backend).toBeUndefined();
  });
});

describe("maskContext", () => {
  it("shows the text around a mask, cut with ellipses", () => {
    const text = `${"a ".repeat(40)}[MASK] tail`;
    const at = text.indexOf("[MASK]");
    expect(maskContext(text, { charStart: at, charEnd: at + 6 }, 10)).toBe("…a a a a a <mask> tail");
    expect(maskContext("x <mask> y", { charStart: 2, charEnd: 8 })).toBe("x <mask> y");
  });
});
