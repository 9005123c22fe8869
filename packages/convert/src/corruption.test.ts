import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { convert } from "./convert/convert.js";
import { ConvertError } from "./errors.js";
import { readPytorchCheckpoint } from "./formats/pytorch.js";
import { readSafetensors } from "./formats/safetensors.js";
import { materializeTensors } from "./formats/torch-tensors.js";
import { loadWeights } from "./load-weights.js";
import { unpickleStateDict } from "./pickle/torch-pickle.js";
import { fixtureBytes, modelDir, rng, tempDir } from "./testing/fixtures.test-util.js";

/**
 * Random corruption: whatever the bytes, a reader either returns tensors or throws a ConvertError. Any other
 * exception (a TypeError, a RangeError from a huge allocation) or a hang fails the test; the seed is in the
 * label so a failure can be replayed.
 */
function flip(bytes: Uint8Array, seed: number, structure: [number, number][]): Uint8Array {
  const random = rng(seed);
  const out = bytes.slice();
  const flips = 1 + Math.floor(random() * 8);
  for (let i = 0; i < flips; i++) {
    // Mostly hit the structural parts (headers, pickles, directories) where a flip changes the meaning.
    const [lo, hi] =
      random() < 0.8 ? (structure[Math.floor(random() * structure.length)] as [number, number]) : [0, bytes.byteLength];
    const at = lo + Math.floor(random() * (hi - lo));
    out[at] = (out[at] as number) ^ (1 + Math.floor(random() * 255));
  }
  return out;
}

function expectTypedOutcome(run: () => unknown, label: string): "ok" | string {
  try {
    run();
    return "ok";
  } catch (e) {
    if (!(e instanceof ConvertError))
      throw new Error(`${label}: untyped ${(e as Error).name}: ${(e as Error).message}`);
    return e.code;
  }
}

const SEEDS = 300;

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe("random byte flips end in a result or a typed error", () => {
  it(`safetensors (${SEEDS} seeds)`, () => {
    const bytes = fixtureBytes("tiny-mlm", "model.safetensors");
    const codes = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      codes.add(expectTypedOutcome(() => readSafetensors(flip(bytes, seed, [[0, 6296]])), `safetensors seed ${seed}`));
    }
    // The flips do reach the validation paths (not only the tensor data).
    expect(codes).toContain("SAFETENSORS_HEADER");
    expect(codes.size).toBeGreaterThan(2);
  });

  it(`zip pytorch_model.bin (${SEEDS} seeds)`, () => {
    const bytes = fixtureBytes("tiny-mlm", "pytorch_model.bin");
    const codes = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const structure: [number, number][] = [
        [0, 10_300],
        [bytes.byteLength - 6000, bytes.byteLength],
      ];
      codes.add(expectTypedOutcome(() => readPytorchCheckpoint(flip(bytes, seed, structure)), `zip seed ${seed}`));
    }
    expect(codes).toContain("ZIP_INVALID");
  });

  it("a flipped byte inside a stored tensor fails the entry's CRC-32 (never a silently different weight)", () => {
    const bytes = fixtureBytes("tiny-mlm", "pytorch_model.bin");
    const storage = unzipSync(bytes)["pytorch_model/data/0"]!;
    const at = indexOfBytes(bytes, storage.subarray(0, 64));
    expect(at).toBeGreaterThan(0);
    const corrupt = bytes.slice();
    corrupt[at + 33] = (corrupt[at + 33] as number) ^ 0x10;
    expect(() => readPytorchCheckpoint(corrupt)).toThrow(/pytorch_model\/data\/0 is corrupt: its CRC-32/);
    expect(expectTypedOutcome(() => readPytorchCheckpoint(corrupt), "crc")).toBe("ZIP_INVALID");
  });

  it("reads the zip64 end-of-central-directory record when the classic one defers to it", () => {
    const bytes = fixtureBytes("tiny-mlm", "pytorch_model.bin");
    const patched = bytes.slice();
    const view = new DataView(patched.buffer);
    let eocd = patched.byteLength - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    view.setUint16(eocd + 8, 0xffff, true); // entries on this disk
    view.setUint16(eocd + 10, 0xffff, true); // entries
    view.setUint32(eocd + 12, 0xffffffff, true); // directory size
    view.setUint32(eocd + 16, 0xffffffff, true); // directory offset
    const names = (t: Map<string, unknown>) => [...t.keys()].sort();
    expect(names(readPytorchCheckpoint(patched).tensors)).toEqual(names(readPytorchCheckpoint(bytes).tensors));
  });

  it(`the state-dict pickle itself (${SEEDS * 2} seeds, storages from the real archive)`, () => {
    const files = unzipSync(fixtureBytes("tiny-mlm", "pytorch_model.bin"));
    const pickle = files["pytorch_model/data.pkl"]!;
    const codes = new Set<string>();
    for (let seed = 1; seed <= SEEDS * 2; seed++) {
      const mutated = flip(pickle, seed, [[0, pickle.byteLength]]);
      codes.add(
        expectTypedOutcome(() => {
          const { tensors } = unpickleStateDict(mutated, 0, false);
          materializeTensors(
            tensors,
            (s) => {
              const data = files[`pytorch_model/data/${s.key}`];
              if (!data) throw new ConvertError("TORCH_INVALID", `storage ${s.key} missing`);
              return data;
            },
            false,
          );
        }, `pickle seed ${seed}`),
      );
    }
    expect(codes).toContain("PICKLE_INVALID");
    expect(codes).toContain("PICKLE_FORBIDDEN_GLOBAL");
    expect(codes).toContain("TORCH_INVALID");
  });

  it(`legacy pytorch_model.bin (${SEEDS} seeds)`, () => {
    const bytes = fixtureBytes("tiny-mlm", "legacy/pytorch_model.bin");
    const codes = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      codes.add(
        expectTypedOutcome(() => readPytorchCheckpoint(flip(bytes, seed, [[0, 11_700]])), `legacy seed ${seed}`),
      );
    }
    expect(codes.size).toBeGreaterThan(2);
  });

  it("truncation at random lengths always fails, with a typed error", () => {
    const random = rng(7);
    for (const file of ["model.safetensors", "pytorch_model.bin", "legacy/pytorch_model.bin"]) {
      const bytes = fixtureBytes("tiny-mlm", file);
      const read = file.endsWith(".safetensors") ? readSafetensors : readPytorchCheckpoint;
      for (let i = 0; i < 40; i++) {
        const length = Math.floor(random() * bytes.byteLength);
        const outcome = expectTypedOutcome(() => read(bytes.subarray(0, length)), `${file} cut at ${length}`);
        expect(outcome, `${file} cut at ${length}`).not.toBe("ok");
      }
    }
  });
});

describe("corrupt inputs through loadWeights and convert", () => {
  const work = tempDir();

  it("a converted directory with a corrupted model.json (100 seeds)", async () => {
    const dir = join(work, "converted");
    await convert(modelDir("tiny-mlm"), dir, { shardSize: 1024 * 1024 });
    const original = readFileSync(join(dir, "model.json"));
    const start = original.indexOf("weightsManifest");
    for (let seed = 1; seed <= 100; seed++) {
      writeFileSync(join(dir, "model.json"), flip(original, seed, [[start, original.byteLength]]));
      const outcome = await loadWeights(dir).then(
        () => "ok",
        (e: unknown) => {
          if (!(e instanceof ConvertError)) throw new Error(`model.json seed ${seed}: untyped ${String(e)}`);
          return e.code;
        },
      );
      expect(typeof outcome).toBe("string");
    }
  });

  it("convert never leaves partial output behind (30 corrupted sources)", async () => {
    const src = join(work, "src");
    cpSync(modelDir("tiny-mlm"), src, { recursive: true, filter: (s) => !s.includes("legacy") && !s.endsWith(".bin") });
    const original = fixtureBytes("tiny-mlm", "model.safetensors");
    let failures = 0;
    for (let seed = 1; seed <= 30; seed++) {
      writeFileSync(join(src, "model.safetensors"), flip(original, seed, [[0, 6296]]));
      const out = join(work, `out-${seed}`);
      try {
        await convert(src, out);
        expect(existsSync(join(out, "model.json"))).toBe(true);
      } catch (e) {
        expect(e, `seed ${seed}`).toBeInstanceOf(ConvertError);
        expect(existsSync(out), `seed ${seed}`).toBe(false);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(0);
    expect(readdirSync(work).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});
