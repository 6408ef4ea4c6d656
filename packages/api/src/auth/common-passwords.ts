// The "not a well-known password" rule. The list is zxcvbn-ts's common-password
// dictionary (~49k entries from real breaches, maintained upstream) rather than a
// hand-made file. It is loaded and built into a Set on first use, not when the server starts
// (only registration and password changes need it; the dictionaries take megabytes of heap),
// and compared lower-cased: "Password" and "PASSWORD" are exactly as guessable as "password".
let common: Promise<Set<string>> | undefined;

function commonPasswords(): Promise<Set<string>> {
  common ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set(dictionary["passwords-common"].map((p) => String(p).toLowerCase())),
  );
  return common;
}

export async function isCommonPassword(password: string): Promise<boolean> {
  return (await commonPasswords()).has(password.toLowerCase());
}

/** How many entries the list has (tests assert the contract's "at least 10,000"). */
export async function commonPasswordCount(): Promise<number> {
  return (await commonPasswords()).size;
}
