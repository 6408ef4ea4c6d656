// The same handler as the production server, for every method (see src/server/api-route.ts).
export * from "@/server/api-route";
