// Every schema module imports this first. In a browser, zod parses with the plain interpreter:
// zod 4 otherwise compiles object parsers with `new Function`, and even its probe for that is
// reported as a violation of the app's CSP (script-src has no 'unsafe-eval'). The choice is
// fixed when a schema is constructed, so it is made here, before any schema module's body runs.
// The server keeps the faster compiled parsers. Only zod's core `config` is imported: the
// schema modules import `z` themselves, so bundlers keep just the parts of zod they use.
import { config } from "zod/v4/core";

if ("window" in globalThis) config({ jitless: true });
