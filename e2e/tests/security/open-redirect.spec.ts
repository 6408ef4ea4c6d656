import { expect, newCredentials, registerUser, signInViaUi, test } from "../../fixtures/ui";

// callbackUrl values that URL parsing turns into another origin: a tab, CR or LF inside "//"
// is stripped by the parser, and a backslash reads as a slash.
const HOSTILE = [
  "/%09/127.0.0.1:4000/pwned",
  "/%0d/127.0.0.1:4000/pwned",
  "/%0a/127.0.0.1:4000/pwned",
  "/\\127.0.0.1:4000/pwned",
  "//127.0.0.1:4000/pwned",
  "http://127.0.0.1:4000/pwned",
];

test("open redirect: after a real sign-in, and when already signed in, a hostile callbackUrl never leaves the app's origin", async ({
  page,
  pageProblems,
}) => {
  const user = await registerUser(page, newCredentials("redir"));
  const origin = new URL((await page.request.get("/api/health")).url()).origin;
  // Any navigation to the attacker's address is recorded (and refused, so the test cannot hang on it).
  const escapes: string[] = [];
  await page.route("http://127.0.0.1:4000/**", (route) => {
    escapes.push(route.request().url());
    return route.abort();
  });

  await signInViaUi(page, user, `/login?callbackUrl=${HOSTILE[0]}`);
  expect(new URL(page.url()).origin).toBe(origin);

  for (const value of HOSTILE) {
    await page.goto(`/login?callbackUrl=${value}`);
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).origin, value).toBe(origin);
  }
  expect(escapes).toEqual([]);
  expect(pageProblems).toEqual([]);
});
