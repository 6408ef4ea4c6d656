import { TRPCReactProvider } from "@/trpc/client";
import { AuthFrame, type AuthFrameProps } from "./auth-frame";

/** A signed-out page with the data layer (the tRPC provider) for its form. */
export function AuthCard({ children, ...frame }: AuthFrameProps) {
  return (
    <AuthFrame {...frame}>
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </AuthFrame>
  );
}
