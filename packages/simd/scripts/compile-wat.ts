import wabtInit from "wabt";
import { joinWat, readWatSources } from "./wat-sources.js";

/** WAT text -> wasm bytes with the SIMD feature on, without debug names. */
export async function compileWat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("simd.wat", text, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

/** The module from the sources in src/wat (shared by the build script and the up-to-date test). */
export function compileSimdModule(dir?: string): Promise<Uint8Array> {
  return compileWat(joinWat(readWatSources(dir)));
}
