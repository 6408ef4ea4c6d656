// "@taskfort/api/schemas": the client-safe entry (zod only; nothing server-side may be
// imported from here, since the UI bundles it for its forms).
export * from "./common";
export * from "./pagination";
export * from "./task";
export * from "./auth";
export * from "./audit";
export * from "./two-factor";
export * from "./account";
export * from "./security";
