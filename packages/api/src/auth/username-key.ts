// The one canonical form of a username (leaf module: imports nothing of ours). The
// database's unique usernameKey, every lookup and the per-username sign-in limit all use
// it, so two spellings that reach the same account ("Alice", "ALICE", fullwidth "ＡＬＩＣＥ",
// the Kelvin sign for "K") always share one limiter bucket: the limit cannot be split by
// case or Unicode form. NFKC first, then lower case (registration only lets ASCII through,
// so stored keys are unchanged by the NFKC step).
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}
