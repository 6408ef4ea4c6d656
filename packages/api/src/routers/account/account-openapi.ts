export const accountOpenApi: { tags: string[]; protect: boolean } = {
  tags: ["account"],
  protect: true,
};
