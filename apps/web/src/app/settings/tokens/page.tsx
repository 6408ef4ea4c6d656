import type { Metadata } from "next";
import { TOKEN_PAGE_SIZE } from "@taskfort/api/schemas";
import { AppShell } from "@/components/app-shell";
import { TokenManager } from "@/components/tokens/token-manager";
import { requireUser } from "@/lib/require-user";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "API tokens · Taskfort" };

export default async function TokensPage() {
  const user = await requireUser("/settings/tokens");
  const initialData = await (
    await getServerCaller()
  ).token
    .list({ page: 1, pageSize: TOKEN_PAGE_SIZE })
    .catch(() => null);
  return (
    <AppShell user={user} current="/settings/tokens">
      <h1 className="mb-2 text-2xl font-semibold">API tokens</h1>
      <p className="mb-4 text-sm text-slate-700">
        Scripts use a token with <code>Authorization: Bearer &lt;token&gt;</code> against{" "}
        <code>/api/v1</code>. Tokens can only read or write tasks.
      </p>
      <TokenManager initialData={initialData} />
    </AppShell>
  );
}
