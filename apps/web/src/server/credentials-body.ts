// next-auth 4's own reading of a POST body (next-auth/next/utils getBody, not exported by
// the package), reproduced so that the sign-in limiter sees the username exactly as
// authorize() will: JSON when the content type contains "application/json", form fields
// when it contains "application/x-www-form-urlencoded" (a repeated field keeps its LAST
// value, as Object.fromEntries does), nothing otherwise. credentials-body.test.ts checks
// this against next-auth's installed copy on random bodies; re-check on any next-auth upgrade.
export async function readCredentialsBody(
  req: Request,
): Promise<Record<string, unknown> | undefined> {
  if (!req.body || req.method !== "POST") return undefined;
  const contentType = req.headers.get("content-type");
  if (contentType?.includes("application/json"))
    return (await req.json()) as Record<string, unknown>;
  if (contentType?.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(await req.text()));
  return undefined;
}
