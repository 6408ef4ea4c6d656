// A real SMTP server (smtp-server, in-process) for one test file's mail, set as SMTP_URL for
// the file and stopped after it, once queued mails have gone out.
import { setEnvForChildren } from "@taskfort/config/env";
import { startMailCatcher, type MailCatcher } from "@taskfort/testing/mail-catcher";
import { afterAll, beforeAll } from "vitest";
import { flushBackgroundWork } from "../background";

export function useMailCatcher(): () => MailCatcher {
  let mail: MailCatcher | undefined;
  beforeAll(async () => {
    mail = await startMailCatcher();
    setEnvForChildren({ SMTP_URL: mail.url, MAIL_FROM: "Taskfort <no-reply@test.invalid>" });
  });
  afterAll(async () => {
    await flushBackgroundWork();
    setEnvForChildren({ SMTP_URL: undefined, MAIL_FROM: undefined });
    await mail?.stop();
  });
  return () => {
    if (!mail) throw new Error("the mail catcher starts in beforeAll");
    return mail;
  };
}
