// The text of the mails we send. Plain text only: nothing for a mail client to render or fetch.
import type { MailMessage } from "./mailer";

export function resetPasswordMail(to: string, username: string, link: string): MailMessage {
  return {
    to,
    subject: "Reset your Taskfort password",
    text: [
      `Someone (hopefully you) asked to reset the password of the Taskfort account "${username}".`,
      "",
      "To choose a new password, open this link within 30 minutes:",
      link,
      "",
      "The link works once. Resetting signs you out everywhere.",
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ].join("\n"),
  };
}

export function verifyEmailMail(to: string, username: string, link: string): MailMessage {
  return {
    to,
    subject: "Confirm your email address for Taskfort",
    text: [
      `To confirm this address for the Taskfort account "${username}", open this link within 24 hours:`,
      link,
      "",
      "If you did not ask for this, ignore this mail: the address will not be used.",
    ].join("\n"),
  };
}
