import { AppError } from "../../errors";

/** Another user's label is "not found", like a missing one (the same reasoning as for tasks). */
export const labelNotFound = () => new AppError("NOT_FOUND", "Label not found.");

export const labelsOpenApi: { tags: string[]; protect: boolean } = {
  tags: ["labels"],
  protect: true,
};
