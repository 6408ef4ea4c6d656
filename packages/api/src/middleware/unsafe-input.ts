// Input no procedure should ever see, refused for every procedure before validation:
// NUL characters (Postgres text cannot store them, so they would surface as a database
// error, and C-string tools downstream truncate at them) and the keys __proto__,
// constructor and prototype (prototype-pollution vectors in any code that merges objects;
// no schema of ours has such a field). Walks iteratively: a body nested 50,000 deep
// cannot overflow the stack here.
import { TRPCError } from "@trpc/server";
import { ZodRealError, type core } from "zod";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
export const NUL_MESSAGE = "Text must not contain NUL characters.";
export const FORBIDDEN_KEY_MESSAGE = "This field name is not allowed.";
const MAX_ISSUES = 5;

interface Node {
  value: unknown;
  key: string | null;
  parent: Node | null;
}

/** The path to a node, built only when there is something to report (copying it per level would be quadratic in the depth). */
function pathOf(node: Node, last?: string): string[] {
  const reversed: string[] = last === undefined ? [] : [last];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) reversed.push(n.key);
  return reversed.reverse();
}

/** The first few problems, as Zod issues (so the errorFormatter turns them into `fields`). */
export function unsafeInputIssues(input: unknown): core.$ZodIssue[] {
  const issues: core.$ZodIssue[] = [];
  const stack: Node[] = [{ value: input, key: null, parent: null }];
  while (stack.length && issues.length < MAX_ISSUES) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === "string") {
      if (value.includes("\0"))
        issues.push({ code: "custom", path: pathOf(node), message: NUL_MESSAGE, input: undefined });
    } else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key) || key.includes("\0")) {
          issues.push({
            code: "custom",
            path: pathOf(node, key.replace(/\0/g, "\\0")),
            message: FORBIDDEN_KEY_MESSAGE,
            input: undefined,
          });
          continue;
        }
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: node });
      }
    }
  }
  return issues;
}

export async function rejectUnsafeInput({
  getRawInput,
}: {
  getRawInput: () => Promise<unknown>;
}): Promise<void> {
  // A body that does not parse is left to tRPC, which answers it with its own 400.
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch {
    return;
  }
  const issues = unsafeInputIssues(raw);
  // ZodRealError (an Error, as the ZodErrors that parsing throws are): tRPC keeps it as the cause.
  if (issues.length) throw new TRPCError({ code: "BAD_REQUEST", cause: new ZodRealError(issues) });
}
