import { NONCE_HEADER } from "@/server/request-scope";
import { docsHtml } from "./docs-html";

export function GET(req: Request) {
  // The proxy put this response's nonce on the request (and the matching CSP on the response).
  const nonce = req.headers.get(NONCE_HEADER);
  if (!nonce) return new Response("Missing CSP nonce", { status: 500 });
  return new Response(docsHtml(nonce), {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
