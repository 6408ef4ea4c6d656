// The REST document's examples are what /api/docs shows people: each must be a valid
// instance of the schema it illustrates, and each error status must show its own code.
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { errorStatus, type ErrorCode } from "../errors";
import { restOpenApiDocument } from "./openapi";

type Json = Record<string, unknown>;

interface Sample {
  where: string;
  schema: unknown;
  example: unknown;
}

/** Every (schema, example) pair in the document: schema-level examples, parameters, media types, headers. */
function samples(doc: Json): Sample[] {
  const found: Sample[] = [];
  const visit = (node: unknown, where: string) => {
    if (!node || typeof node !== "object") return;
    const obj = node as Json;
    if ("example" in obj && obj.example !== undefined) {
      // A media type, parameter or header holds its schema beside the example; a schema is its own.
      const schema = "schema" in obj ? obj.schema : obj;
      found.push({ where, schema, example: obj.example });
    }
    for (const [key, child] of Object.entries(obj)) visit(child, `${where}/${key}`);
  };
  visit(doc, "#");
  return found;
}

describe("REST document examples", () => {
  const doc = restOpenApiDocument() as unknown as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const validatorFor = (schema: unknown) => {
    // $refs point into the document ("#/components/…"), so each schema is checked with the components beside it.
    const { example: _example, ...rest } = (schema ?? {}) as Json;
    return ajv.compile({ ...rest, components: doc.components });
  };

  it("document: every example passes its own schema", () => {
    const all = samples(doc);
    expect(all.length).toBeGreaterThan(30);
    const failures = all.flatMap(({ where, schema, example }) => {
      const validate = validatorFor(schema);
      return validate(example) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(failures).toEqual([]);
  });

  it("document: date-times in examples are ISO 8601 and integers are sensible", () => {
    for (const { where, example } of samples(doc)) {
      const text = JSON.stringify(example);
      for (const date of text.match(/\d{4}-\d\d-\d\dT[\d:.]*Z?/g) ?? [])
        expect(date, where).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(text, where).not.toMatch(/-?9007199254740991/);
    }
  });

  it("document: each error status shows an envelope with its own code", () => {
    const responses = (doc.components as { responses: Record<string, Json> }).responses;
    const statuses = Object.keys(responses).map((name) => Number(name.replace("Error", "")));
    expect(statuses).toEqual(
      expect.arrayContaining([400, 401, 403, 404, 409, 412, 413, 415, 429, 500]),
    );
    const codes = new Set<string>();
    for (const status of statuses) {
      const media = (responses[`Error${status}`]?.content as Record<string, Json>)[
        "application/json"
      ];
      const example = media?.example as { error: { code: ErrorCode; message: string } };
      expect(errorStatus[example.error.code], `Error${status}`).toBe(status);
      codes.add(example.error.message);
    }
    expect(codes.size).toBe(statuses.length);
  });

  it("document: a task example looks like a real task; GET/PATCH a task documents its ETag", () => {
    const task = (doc.components as { schemas: Record<string, Json> }).schemas;
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;
    const ok = paths["/tasks/{id}"]?.get?.responses["200"] as {
      headers: Json;
      content: Record<string, { schema: Json }>;
    };
    expect(ok.headers).toHaveProperty("ETag");
    const schema = ok.content["application/json"]?.schema;
    const example = (schema?.example ??
      task[String(schema?.$ref).split("/").pop() ?? ""]?.example) as Json;
    expect(example).toMatchObject({
      title: expect.stringMatching(/^[\p{L}\p{N} ]{3,200}$/u),
      priority: 2,
      version: 3,
    });
    expect(Object.keys(paths["/tasks/{id}"]?.patch?.responses ?? {})).toEqual(
      expect.arrayContaining(["409", "412"]),
    );
  });
});
