// What the web layer's next-auth configuration needs from the API package (it may not
// reach into the database itself for auth decisions: the rules live here).
export { checkCredentials, type CredentialsOutcome } from "./credentials";
export { hasherSaturated } from "./password";
export { authSecret } from "./secret-box";
export { hasSecondFactor, secondFactorStatus } from "./second-factor";
export { endSession, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";
export { userForOidcSignIn, type OidcIdentity } from "./oidc";
export { authenticate, type AuthResult } from "./authenticate";
export { recordSecurityEvent, type SecurityAction } from "../audit";
export { ensureAdminFromEnv } from "../seed-admin";
export { relyingParty, verifyPasskeySignIn } from "./passkeys";
