import { z } from "zod";
import { publicProcedure } from "../../trpc";

/** A public, side-effect-free call so clients (and the home page) can prove the tRPC path works end to end. */
export const ping = publicProcedure
  .output(z.object({ pong: z.literal(true), time: z.string() }))
  .query(() => ({ pong: true as const, time: new Date().toISOString() }));
