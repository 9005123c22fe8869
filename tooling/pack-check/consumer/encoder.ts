// Encoder only: parse an HF config.json; a bad one is a ConfigError. Args: <model dir>.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, type LongformerConfig, parseLongformerConfig } from "@longformer-ts/encoder";

const [dir = ""] = process.argv.slice(2);
const config: LongformerConfig = parseLongformerConfig(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")));
let badConfigCode: string | undefined;
try {
  parseLongformerConfig({ hidden_size: 30, num_attention_heads: 4 });
} catch (error) {
  if (error instanceof ConfigError) badConfigCode = error.code;
}
console.log(JSON.stringify({ config, badConfigCode }));
