import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/lib/db/client";
import { countUsers } from "@/lib/db/queries/users";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if ((await countUsers(await getDb())) > 0) redirect("/login");
  return (
    <div className="center-page">
      <div className="card auth-card stack">
        <div>
          <h1>Welcome to Switchboard</h1>
          <p className="muted">Create the first admin account. You can invite others once you are in.</p>
        </div>
        <SetupForm />
      </div>
    </div>
  );
}
