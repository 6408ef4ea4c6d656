import { describe, expect, it } from "vitest";
import { withHeaders } from "./response-headers";

describe("withHeaders", () => {
  it("headers: set on the answer itself when it can change", async () => {
    const res = new Response("body", { status: 201, headers: { "x-a": "1" } });
    const out = withHeaders(res, [["x-b", "2"]]);
    expect(out).toBe(res);
    expect(out.headers.get("x-a")).toBe("1");
    expect(out.headers.get("x-b")).toBe("2");
    expect(await out.text()).toBe("body");
  });

  it("headers: an answer with immutable headers (a redirect) is rebuilt with them, status and location kept", () => {
    const res = Response.redirect("https://example.test/next", 308);
    expect(() => res.headers.set("x-b", "2")).toThrow(TypeError);
    const out = withHeaders(res, [["x-b", "2"]]);
    expect(out).not.toBe(res);
    expect(out.status).toBe(308);
    expect(out.headers.get("location")).toBe("https://example.test/next");
    expect(out.headers.get("x-b")).toBe("2");
  });
});
