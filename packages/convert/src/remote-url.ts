import { ConvertError } from "./errors.js";

/**
 * The http(s) URL a source names (a `URL`, or a string starting with `http://` / `https://`); `undefined` for a
 * local path or a `file:` URL. A `URL` with another protocol is an error.
 */
export function remoteUrl(source: string | URL): URL | undefined {
  const url = source instanceof URL ? source : /^https?:\/\//i.test(source) ? new URL(source) : undefined;
  if (!url || url.protocol === "file:") return undefined;
  if (url.protocol === "http:" || url.protocol === "https:") return url;
  throw new ConvertError("INVALID_ARGUMENT", `unsupported URL protocol ${url.protocol}`);
}
