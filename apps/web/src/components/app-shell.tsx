import { TRPCReactProvider } from "@/trpc/client";
import { AppFrame, type AppFrameProps } from "./app-frame";

/** A signed-in page with the data layer: the tRPC provider, whose SessionWatch sends an expired session to sign in. */
export function AppShell({ children, ...frame }: AppFrameProps) {
  return (
    <AppFrame {...frame}>
      <TRPCReactProvider watchSession>{children}</TRPCReactProvider>
    </AppFrame>
  );
}
