/**
 * The hub endpoint with any `user:password@` taken out of the URL: fetch refuses URLs with credentials, and
 * error messages must not echo them. The credentials travel as a Basic Authorization header instead.
 */
export interface HubEndpoint {
  /** Base URL without credentials or a trailing slash, safe to print. */
  base: string;
  /** `Basic ...` when the endpoint carried credentials. */
  authorization: string | undefined;
}

export function parseEndpoint(raw: string): HubEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { base: redactCredentials(raw).replace(/\/+$/, ""), authorization: undefined };
  }
  let authorization: string | undefined;
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    url.username = "";
    url.password = "";
  }
  return { base: url.toString().replace(/\/+$/, ""), authorization };
}

/** `scheme://user:pass@host` -> `scheme://***@host` in any text (messages of lower layers included). */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, "$1***@");
}
