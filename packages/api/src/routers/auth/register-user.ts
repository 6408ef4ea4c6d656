import { recordSecurityEvent } from "../../audit";
import { isCommonPassword } from "../../auth/common-passwords";
import { isGuessablePassword } from "../../auth/password-strength";
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

// The common-password and strength rules run here, server-side, so the client bundle does not
// carry the dictionaries; they still fail as a field error on "password", like the schema's own rules.
const serverRegisterInput = registerInput.superRefine(async (value, ctx) => {
  if (isReservedUsername(value.username))
    ctx.addIssue({ code: "custom", path: ["username"], message: authMessages.usernameReserved });
  // One message per password: the estimate only speaks once the simple rules are met.
  const simpleRulesMet =
    passwordSchema.safeParse(value.password).success &&
    usernameKey(value.password) !== usernameKey(value.username);
  if (!simpleRulesMet) return;
  if (await isCommonPassword(value.password))
    ctx.addIssue({ code: "custom", path: ["password"], message: authMessages.passwordCommon });
  else if (await isGuessablePassword(value.password, value.username))
    ctx.addIssue({ code: "custom", path: ["password"], message: authMessages.passwordWeak });
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
