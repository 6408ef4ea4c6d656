import { TRPCError } from "@trpc/server";

/** Another user's label is "not found", like a missing one (the same reasoning as for tasks). */
export const labelNotFound = () =>
  new TRPCError({ code: "NOT_FOUND", message: "Label not found." });

export const labelsOpenApi: { tags: string[]; protect: boolean } = {
  tags: ["labels"],
  protect: true,
};
