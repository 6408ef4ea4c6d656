// The "not guessable" password rule: zxcvbn-ts's strength estimate with its common
// (breached passwords, keyboard patterns) and English (words, names, Wikipedia) dictionaries,
// the username and the app's name as extra words. Score 3 ("safely unguessable: moderate
// protection from offline slow-hash scenario") or more passes. Server-side only: the
// dictionaries are megabytes, so the browser never loads them, and the server loads them on the
// first check rather than at start.
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

export const MIN_PASSWORD_SCORE = 3;
const APP_WORDS = ["taskfort", "task", "fort"];

let estimator: Promise<ZxcvbnFactory> | undefined;

async function makeEstimator(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
  ]);
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // Bounded work per check: l33t variants grow exponentially with substitutable characters
    // (a 32-character hex string took seconds with the default of 100).
    l33tMaxSubstitutions: 4,
  });
}

/** True when the password is too easy to guess for this username. */
export async function isGuessablePassword(password: string, username: string): Promise<boolean> {
  // Characters that draw nothing (zero-width, joiners, BOM) add no strength: they are
  // estimated without them, so eight zero-width spaces are an empty password.
  const visible = password.replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, "");
  if (!visible.trim()) return true;
  estimator ??= makeEstimator();
  return (await estimator).check(visible, [username, ...APP_WORDS]).score < MIN_PASSWORD_SCORE;
}
