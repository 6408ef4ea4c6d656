// "@taskfort/api/rest": the REST surface over the same procedures (handler) and its OpenAPI document.
export { handleRestRequest, type RestRequestOptions } from "./handler";
export { errorEnvelopeSchema, restOpenApiDocument, SESSION_COOKIE_NAME } from "./openapi";
export { matchRestRoute, REST_BASE_PATH, restRoutes, type RestRoute } from "./routes";
