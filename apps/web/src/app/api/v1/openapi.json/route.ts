// The OpenAPI 3.1 document of /api/v1, generated from the same procedures the API runs.
import { restOpenApiDocument } from "@taskfort/api/rest";

export function GET() {
  return Response.json(restOpenApiDocument());
}
