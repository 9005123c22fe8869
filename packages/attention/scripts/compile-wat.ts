import wabtInit from "wabt";

/** WAT text -> wasm bytes with the SIMD feature on (shared by the build script and the up-to-date test). */
export async function compileBandedWat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("banded.wat", text, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
