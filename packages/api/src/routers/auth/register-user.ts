import { recordSecurityEvent } from "../../audit";
import { isCommonPassword } from "../../auth/common-passwords";
import { usernameKey } from "../../schemas/auth";
import { hashPassword } from "../../auth/password";
import { authMessages, publicUser, registerInput } from "../../schemas/auth";
import { publicProcedure } from "../../trpc";
import { z } from "zod";
import { AppError, prismaFailure } from "../../errors";

// The common-password rule runs here, server-side, so the client bundle does not carry the list;
// it still fails as a field error on "password", like the schema's own rules.
const serverRegisterInput = registerInput.superRefine((value, ctx) => {
  if (isCommonPassword(value.password))
    ctx.addIssue({ code: "custom", path: ["password"], message: authMessages.passwordCommon });
});

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
    const passwordHash = await hashPassword(input.password);
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
