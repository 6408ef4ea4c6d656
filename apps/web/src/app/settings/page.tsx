import { redirect } from "next/navigation";

// Settings live on the account page; /settings is the short address for it.
export default function SettingsPage(): never {
  redirect("/settings/account");
}
