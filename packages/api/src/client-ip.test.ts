import { describe, expect, it } from "vitest";
import { ipRateLimitKey, normalizeIp, resolveClientIp, UNKNOWN_IP } from "./client-ip";

const spoofing: [string, Record<string, string>][] = [
  ["X-Forwarded-For", { "x-forwarded-for": "1.2.3.4" }],
  ["a chain of X-Forwarded-For", { "x-forwarded-for": "1.2.3.4, 5.6.7.8" }],
  ["X-Real-IP", { "x-real-ip": "1.2.3.4" }],
  ["Forwarded", { forwarded: "for=1.2.3.4;proto=https" }],
  ["x-vercel-forwarded-for", { "x-vercel-forwarded-for": "1.2.3.4" }],
  [
    "all of them",
    {
      "x-forwarded-for": "9.9.9.9",
      "x-real-ip": "8.8.8.8",
      forwarded: "for=7.7.7.7",
      "x-vercel-forwarded-for": "6.6.6.6",
    },
  ],
];

describe("client IP", () => {
  it.each(spoofing)(
    "client-ip: with TRUST_PROXY unset, %s does not change the caller's address or bucket",
    (_name, headers) => {
      const plain = resolveClientIp({
        peer: "198.51.100.7",
        headers: new Headers(),
        trustProxy: 0,
      });
      const spoofed = resolveClientIp({
        peer: "198.51.100.7",
        headers: new Headers(headers),
        trustProxy: 0,
      });
      expect(spoofed).toBe("198.51.100.7");
      expect(ipRateLimitKey(spoofed)).toBe(ipRateLimitKey(plain));
    },
  );

  it("client-ip: with TRUST_PROXY=1 the entry our proxy appended (rightmost) is used, not what the client claimed", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" });
    expect(resolveClientIp({ peer: "10.0.0.2", headers, trustProxy: 1 })).toBe("203.0.113.5");
    // A client varying its own claim stays in its bucket.
    const other = new Headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.5" });
    expect(resolveClientIp({ peer: "10.0.0.2", headers: other, trustProxy: 1 })).toBe(
      "203.0.113.5",
    );
  });

  it("client-ip: with TRUST_PROXY=2 the second entry from the right is used", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.1" });
    expect(resolveClientIp({ peer: "10.0.0.2", headers, trustProxy: 2 })).toBe("203.0.113.5");
  });

  it("client-ip: several X-Forwarded-For lines count as one list", () => {
    const headers = new Headers([
      ["x-forwarded-for", "6.6.6.6"],
      ["x-forwarded-for", "203.0.113.5"],
    ]);
    expect(resolveClientIp({ peer: "10.0.0.2", headers, trustProxy: 1 })).toBe("203.0.113.5");
  });

  it("client-ip: with TRUST_PROXY=1 and no or garbage X-Forwarded-For, the peer address is used", () => {
    expect(resolveClientIp({ peer: "10.0.0.2", headers: new Headers(), trustProxy: 1 })).toBe(
      "10.0.0.2",
    );
    expect(
      resolveClientIp({
        peer: "10.0.0.2",
        headers: new Headers({ "x-forwarded-for": "1.2.3.4, not-an-ip" }),
        trustProxy: 1,
      }),
    ).toBe("10.0.0.2");
  });

  it("client-ip: with TRUST_PROXY=vercel, x-vercel-forwarded-for then x-real-ip are used; plain X-Forwarded-For is not", () => {
    expect(
      resolveClientIp({
        peer: "10.0.0.2",
        headers: new Headers({
          "x-vercel-forwarded-for": "203.0.113.5",
          "x-real-ip": "203.0.113.6",
          "x-forwarded-for": "6.6.6.6",
        }),
        trustProxy: "vercel",
      }),
    ).toBe("203.0.113.5");
    expect(
      resolveClientIp({
        peer: "10.0.0.2",
        headers: new Headers({ "x-real-ip": "203.0.113.6", "x-forwarded-for": "6.6.6.6" }),
        trustProxy: "vercel",
      }),
    ).toBe("203.0.113.6");
  });

  it("client-ip: an unknown peer falls into one shared bucket, never a header's", () => {
    expect(
      resolveClientIp({
        peer: undefined,
        headers: new Headers({ "x-forwarded-for": "1.2.3.4" }),
        trustProxy: 0,
      }),
    ).toBe(UNKNOWN_IP);
  });

  it("client-ip: addresses are normalised (ports, brackets, IPv4-mapped IPv6, zone ids)", () => {
    expect(normalizeIp("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("192.0.2.1:5678")).toBe("192.0.2.1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(normalizeIp("999.1.1.1")).toBeNull();
    expect(normalizeIp("")).toBeNull();
  });

  it("client-ip: IPv6 callers are bucketed by /64; IPv4 by address", () => {
    expect(ipRateLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipRateLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(ipRateLimitKey("2001:db8:1:3::1")).not.toBe(ipRateLimitKey("2001:db8:1:2::1"));
    expect(ipRateLimitKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(ipRateLimitKey("192.0.2.1")).not.toBe(ipRateLimitKey("192.0.2.2"));
  });
});
