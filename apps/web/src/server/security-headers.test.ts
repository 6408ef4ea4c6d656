import { describe, expect, it } from "vitest";
import { newNonce } from "./security-headers";

describe("newNonce", () => {
  it("nonces: 128 random bits each, never repeated across the pool's refills", () => {
    // 1,000 nonces cross the 256-nonce pool several times.
    const nonces = Array.from({ length: 1000 }, newNonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    // Not a fixed or zeroed pool: the bytes spread over every value a byte can take.
    const bytes = new Set(nonces.flatMap((n) => [...Buffer.from(n, "base64")]));
    expect(bytes.size).toBeGreaterThan(250);
  });
});
