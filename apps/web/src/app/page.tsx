import { redirect } from "next/navigation";
import { getCurrentUser } from "@/trpc/server";

export default async function HomePage() {
  redirect((await getCurrentUser()) ? "/tasks" : "/login");
}
