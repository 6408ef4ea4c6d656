export { useTestDatabase } from "./db";
export { createUser, sessionPrincipal, signedInUser, tokenPrincipal } from "./principals";
export { callerFor, errorOf } from "./trpc";
