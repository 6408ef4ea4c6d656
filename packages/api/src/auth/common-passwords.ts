// The "not a well-known password" rule. The list is zxcvbn-ts's common-password
// dictionary (~49k entries from real breaches, maintained upstream) rather than a
// hand-made file. It is built into a Set once, on first use, and compared
// lower-cased: "Password" and "PASSWORD" are exactly as guessable as "password".
import { dictionary } from "@zxcvbn-ts/language-common";

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => String(p).toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** How many entries the list has (tests assert the contract's "at least 10,000"). */
export function commonPasswordCount(): number {
  return commonPasswords().size;
}
