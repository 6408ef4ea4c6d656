// Who a caller is: shared by the context, authentication, the audit trail and the
// middlewares. A leaf module (it imports only the client-safe vocabularies), so none of
// those has to import another to learn these types, and no import cycle can form.
import type { Role, Scope } from "./schemas/auth";

export type { AuditAction } from "./schemas/audit";
export { TOKEN_SCOPES } from "./schemas/auth";
export type { Role, Scope };

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
}

/** How the caller proved who they are. Tokens carry scopes; a browser session may do everything its user may. */
export type Principal =
  | { kind: "session"; user: AuthUser; sessionId: string }
  | { kind: "token"; user: AuthUser; tokenId: string; scopes: Scope[] };
