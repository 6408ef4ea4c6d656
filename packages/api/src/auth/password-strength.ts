// The "not guessable" password rule: zxcvbn-ts's strength estimate with its common
// (breached passwords, keyboard patterns) and English (words, names, Wikipedia) dictionaries,
// the username and the app's name as extra words. Score 3 ("safely unguessable: moderate
// protection from offline slow-hash scenario") or more passes. Server-side only: the
// dictionaries are megabytes, so the browser never loads them.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_SCORE = 3;
const APP_WORDS = ["taskfort", "task", "fort"];

let estimator: ZxcvbnFactory | undefined;

function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // Bounded work per check: l33t variants grow exponentially with substitutable characters
    // (a 32-character hex string took seconds with the default of 100).
    l33tMaxSubstitutions: 4,
  });
  return estimator;
}

/** True when the password is too easy to guess for this username. */
export function isGuessablePassword(password: string, username: string): boolean {
  // Characters that draw nothing (zero-width, joiners, BOM) add no strength: they are
  // estimated without them, so eight zero-width spaces are an empty password.
  const visible = password.replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, "");
  if (!visible.trim()) return true;
  return strength().check(visible, [username, ...APP_WORDS]).score < MIN_PASSWORD_SCORE;
}
