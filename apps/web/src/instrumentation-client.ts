// Runs in the browser before the app's own modules: zod must be told to parse without
// `new Function` before any schema is constructed (see lib/zod-csp.ts).
import "./lib/zod-csp";
