// Outgoing mail: the one place that knows nodemailer. SMTP_URL decides the mode:
// - "smtp": sent through that server (tests run a real one in-process);
// - "log": no SMTP_URL outside production: the mail is written to the server log, marked
//   as not sent, so a developer can follow the link (the only case where a link is logged);
// - "off": production without SMTP_URL: mail features are unavailable and the pages say so.
import nodemailer from "nodemailer";
import { getEnv } from "@taskfort/config/env";
import { getLogger } from "../logger";

export type MailMode = "smtp" | "log" | "off";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export function mailMode(): MailMode {
  const env = getEnv();
  if (env.SMTP_URL) return "smtp";
  return env.NODE_ENV === "production" ? "off" : "log";
}

/** Development default when MAIL_FROM is unset (production refuses to start without it when SMTP_URL is set). */
const DEV_MAIL_FROM = "Taskfort <no-reply@localhost>";

function createSmtpTransport(url: string) {
  // Timeouts bounded, so a dead mail server cannot pile up background work for ever.
  return nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

let transport: { url: string; transporter: ReturnType<typeof createSmtpTransport> } | undefined;

function transporterFor(url: string) {
  // Rebuilt when SMTP_URL changes (tests point it at their own server).
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = { url, transporter: createSmtpTransport(url) };
  }
  return transport.transporter;
}

/** Sends one mail; throws when the SMTP server refuses it or mail is off. */
export async function sendMail(message: MailMessage): Promise<void> {
  const env = getEnv();
  const mode = mailMode();
  if (mode === "off") throw new Error("mail is not configured (SMTP_URL is unset)");
  if (mode === "log") {
    getLogger().warn(
      { event: "mail.not-sent", mailTo: message.to, subject: message.subject, body: message.text },
      "MAIL NOT SENT (no SMTP_URL; development only): its text follows",
    );
    return;
  }
  await transporterFor(env.SMTP_URL!).sendMail({
    from: env.MAIL_FROM ?? DEV_MAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
  });
}
