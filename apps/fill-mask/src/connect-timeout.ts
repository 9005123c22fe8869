/**
 * A fetch that gives up when the server has not answered (response headers) within `ms`. The hub
 * download's own idle timeout is long (a slow link may stall for a while mid-file); this one only bounds
 * the first contact, so a machine without network fails in seconds instead of waiting on DNS or TCP.
 */
export function fetchWithConnectTimeout(ms: number, base: typeof fetch = globalThis.fetch): typeof fetch {
  const timed = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await base(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
  return timed as typeof fetch;
}
