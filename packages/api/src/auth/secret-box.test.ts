import { afterEach, describe, expect, it } from "vitest";
import { setEnvForChildren } from "@taskfort/config/env";
import { open, seal } from "./secret-box";

const OLD = "an-old-auth-secret-that-is-at-least-32-chars";
const NEW = "a-new-auth-secret-that-is-also-at-least-32-chars";

afterEach(() => setEnvForChildren({ AUTH_SECRET: undefined, AUTH_SECRET_PREVIOUS: undefined }));

describe("secret box", () => {
  it("secrets: sealed values hide the plain text, open only under the same key and purpose, and detect tampering", () => {
    setEnvForChildren({ AUTH_SECRET: OLD });
    const sealed = seal("JBSWY3DPEHPK3PXP", "totp-secret-v1");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(seal("JBSWY3DPEHPK3PXP", "totp-secret-v1")).not.toBe(sealed); // fresh IV each time
    expect(open(sealed, "totp-secret-v1")).toEqual({ plain: "JBSWY3DPEHPK3PXP", stale: false });
    expect(open(sealed, "another-purpose")).toBeNull();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(open(parts.join("."), "totp-secret-v1")).toBeNull();
    setEnvForChildren({ AUTH_SECRET: NEW });
    expect(open(sealed, "totp-secret-v1")).toBeNull();
  });

  it("secrets: after a rotation, AUTH_SECRET_PREVIOUS still opens old values and marks them stale", () => {
    setEnvForChildren({ AUTH_SECRET: OLD });
    const sealed = seal("JBSWY3DPEHPK3PXP", "totp-secret-v1");
    setEnvForChildren({ AUTH_SECRET: NEW, AUTH_SECRET_PREVIOUS: OLD });
    expect(open(sealed, "totp-secret-v1")).toEqual({ plain: "JBSWY3DPEHPK3PXP", stale: true });
    const resealed = seal("JBSWY3DPEHPK3PXP", "totp-secret-v1");
    expect(open(resealed, "totp-secret-v1")?.stale).toBe(false);
    setEnvForChildren({ AUTH_SECRET_PREVIOUS: undefined });
    expect(open(resealed, "totp-secret-v1")?.plain).toBe("JBSWY3DPEHPK3PXP");
    expect(open(sealed, "totp-secret-v1")).toBeNull();
  });
});
