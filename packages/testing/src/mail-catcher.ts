// A real SMTP server, in-process, for tests that read the mails the app sends (no mocked
// transport: the app's nodemailer speaks SMTP to this). Listens on 127.0.0.1, a free port.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  /** The decoded plain-text body. */
  text: string;
  raw: string;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  mails: CaughtMail[];
  /** The next mail to `to` that arrives after `since` mails (default: any not yet returned), waiting up to `timeoutMs`. */
  waitFor(to: string, opts?: { timeoutMs?: number; since?: number }): Promise<CaughtMail>;
  /** The first https?:// link in a mail's text. */
  linkIn(mail: CaughtMail): string;
  stop(): Promise<void>;
}

/** Minimal MIME reading for our own plain-text mails: headers, then a 7bit, quoted-printable or base64 body. */
function parse(raw: string, envelopeTo: string[], from: string): CaughtMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4).replace(/\r\n\.\r\n$/, "");
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  if (encoding === "quoted-printable") {
    body = Buffer.from(
      body
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    ).toString("utf8");
  } else if (encoding === "base64") {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return {
    from,
    to: envelopeTo,
    subject: header("Subject"),
    // The SMTP data ends with a line break the message itself did not have.
    text: body.replace(/\r\n/g, "\n").replace(/\n$/, ""),
    raw,
  };
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push(
          parse(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((r) => r.address),
            from,
          ),
        );
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  let returned = 0;

  async function waitFor(
    to: string,
    opts: { timeoutMs?: number; since?: number } = {},
  ): Promise<CaughtMail> {
    const since = opts.since ?? returned;
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const index = mails.findIndex(
        (m, i) => i >= since && m.to.some((r) => r.toLowerCase() === to.toLowerCase()),
      );
      if (index >= 0) {
        returned = Math.max(returned, index + 1);
        return mails[index]!;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${to} arrived (${mails.length} mails caught)`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitFor,
    linkIn(mail) {
      const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
      if (!link) throw new Error(`no link in mail "${mail.subject}"`);
      return link;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
