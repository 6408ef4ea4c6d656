import { getEnv, setEnvForChildren } from "@taskfort/config/env";
import { startMailCatcher } from "@taskfort/testing/mail-catcher";
import { afterEach, describe, expect, it } from "vitest";
import { mailMode, sendMail } from "./mailer";

const saved = { NODE_ENV: getEnv().NODE_ENV, SMTP_URL: getEnv().SMTP_URL };
afterEach(() => setEnvForChildren(saved));

describe("mailer", () => {
  it("mail: SMTP_URL sends through that server; without it development logs the mail and production has mail off", async () => {
    const catcher = await startMailCatcher();
    try {
      setEnvForChildren({ NODE_ENV: "test", SMTP_URL: catcher.url });
      expect(mailMode()).toBe("smtp");
      await sendMail({ to: "someone@example.com", subject: "Hello", text: "Line one\nLine two" });
      const mail = await catcher.waitFor("someone@example.com");
      expect(mail).toMatchObject({ subject: "Hello", text: "Line one\nLine two" });
    } finally {
      await catcher.stop();
    }

    setEnvForChildren({ NODE_ENV: "development", SMTP_URL: undefined });
    expect(mailMode()).toBe("log");
    await expect(
      sendMail({ to: "a@example.com", subject: "s", text: "t" }),
    ).resolves.toBeUndefined();

    setEnvForChildren({ NODE_ENV: "production", SMTP_URL: undefined });
    expect(mailMode()).toBe("off");
    await expect(sendMail({ to: "a@example.com", subject: "s", text: "t" })).rejects.toThrow(
      /not configured/,
    );
  });
});
