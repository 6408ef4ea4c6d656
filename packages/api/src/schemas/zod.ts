// The one zod every schema is built with. In a browser it parses with the plain interpreter:
// zod 4 otherwise compiles object parsers with `new Function`, and even its probe for that is
// reported as a violation of the app's CSP (script-src has no 'unsafe-eval'). The choice is
// fixed when a schema is constructed, so it is made here, before any schema module's body runs.
// The server keeps the faster compiled parsers. Browser code that builds schemas of its own
// takes `z` from "@taskfort/api/schemas" for the same reason (lint forbids importing "zod").
import { z } from "zod";

if ("window" in globalThis) z.config({ jitless: true });

export { z };
