// Zod 4 compiles object parsers with `new Function` unless told not to, and its probe for
// that is itself reported as a CSP violation by the browser (script-src has no
// 'unsafe-eval'). The browser bundle parses with the plain interpreter instead. The choice is
// fixed when a schema is constructed, so this must run before any schema module loads:
// instrumentation-client.ts imports it first; the client modules that parse import it too.
import { z } from "zod";

// Browser only: the server has no CSP to trip and keeps the faster compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });
