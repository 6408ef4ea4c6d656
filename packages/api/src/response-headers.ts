// Adding headers to an answer on its way out, without rebuilding it: each layer (REST,
// the API request, the edge) adds its own, and a new Headers and Response per layer were
// a measurable part of every API request.

/**
 * `res` with `headers` set: in place when its headers may change (any Response we build),
 * else a new Response around the same body (Response.redirect(), a fetch() result).
 */
export function withHeaders(res: Response, headers: Iterable<[string, string]>): Response {
  const entries = [...headers];
  try {
    for (const [name, value] of entries) res.headers.set(name, value);
    return res;
  } catch (error) {
    // Immutable headers throw a TypeError on the first set, before anything changed.
    if (!(error instanceof TypeError)) throw error;
    const copy = new Headers(res.headers);
    for (const [name, value] of entries) copy.set(name, value);
    return new Response(res.body, {
      status: res.status,
      statusText: res.statusText,
      headers: copy,
    });
  }
}
