import { recordSecurityEvent } from "../../audit";
import { newPasswordProblem } from "../../auth/password-policy";
import { hasherBusyRefusal } from "../../auth/credentials";
import { hashPassword } from "../../auth/password";
import { getEnv } from "@taskfort/config/env";
import {
  authMessages,
  passwordSchema,
  publicUser,
  registerInput,
  RESERVED_USERNAMES,
  usernameKey,
} from "../../schemas/auth";
import { publicProcedure } from "../../trpc";
import { z } from "zod";
import { AppError, prismaFailure } from "../../errors";

// The password rules that need the dictionaries run here, server-side (the same as for a
// change or a reset: newPasswordProblem), so the client bundle does not carry them; they still
// fail as a field error on "password", like the schema's own rules.
const serverRegisterInput = registerInput.superRefine(async (value, ctx) => {
  if (isReservedUsername(value.username))
    ctx.addIssue({ code: "custom", path: ["username"], message: authMessages.usernameReserved });
  // One message per password: the shared schema has already said what it had to say.
  const schemaRulesMet =
    passwordSchema.safeParse(value.password).success &&
    usernameKey(value.password) !== usernameKey(value.username);
  if (!schemaRulesMet) return;
  const problem = await newPasswordProblem(value.password, value.username);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
});

function isReservedUsername(username: string): boolean {
  const key = usernameKey(username);
  const admin = getEnv().ADMIN_USERNAME;
  if (admin && usernameKey(admin) === key) return false;
  return (RESERVED_USERNAMES as readonly string[]).includes(key);
}

export const registerUser = publicProcedure
  .meta({
    rateLimit: "auth",
    successStatus: 201,
    openapi: {
      method: "POST",
      path: "/auth/register",
      tags: ["auth"],
      summary: "Create an account",
      protect: false,
      errorResponses: { 409: "The username is taken." },
    },
  })
  .input(serverRegisterInput)
  .output(z.object({ user: publicUser }))
  .mutation(async ({ ctx, input }) => {
    const passwordHash = await hashPassword(input.password).catch((error: unknown) => {
      throw hasherBusyRefusal(error, ctx);
    });
    try {
      const user = await ctx.db.user.create({
        data: { username: input.username, usernameKey: usernameKey(input.username), passwordHash },
        select: { id: true, username: true, role: true },
      });
      recordSecurityEvent(ctx, "auth.register", { actorId: user.id, target: user.id });
      return { user };
    } catch (error) {
      // usernameKey is unique, so "Alice" after "alice" lands here. The message names no one.
      if (prismaFailure(error) === "unique-violation")
        throw new AppError("CONFLICT", authMessages.usernameTaken);
      throw error;
    }
  });
