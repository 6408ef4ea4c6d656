// The request-body cap (MAX_BODY_BYTES, 100 KB) for both API routes. Counted while the
// body streams in: Content-Length is only a hint (it may be absent with chunked encoding,
// or lie), so we stop reading at limit + 1 bytes whatever it says.
import { MAX_BODY_BYTES } from "../limits";

/** The whole body, or null as soon as it exceeds `limit` bytes (the rest is never read). */
export async function readBodyCapped(
  req: Request,
  limit: number = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > limit) return null;
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Request bodies are byte streams; the DOM typing of Request.body leaves the chunk type open.
  const reader = (req.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The same request with its body read into memory under the cap, or null when it is too
 * large. Handlers downstream (tRPC, the REST adapter) then parse a body known to be small.
 */
export async function withCappedBody(
  req: Request,
  limit: number = MAX_BODY_BYTES,
): Promise<Request | null> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return req;
  const body = await readBodyCapped(req, limit);
  if (!body) return null;
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body,
    signal: req.signal,
  });
}
