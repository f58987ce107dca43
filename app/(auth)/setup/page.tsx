import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { CenterCard } from "@/components/ui/center-card";
import { getDbHandle } from "@/lib/db/client";
import { countUsers } from "@/lib/db/queries/users";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if ((await countUsers((await getDbHandle()).db)) > 0) redirect("/login");
  return (
    <CenterCard>
      <div>
        <h1>Welcome to Switchboard</h1>
        <p className="muted" style={{ margin: 0 }}>
          Create the first admin account. You can add other users once you are in.
        </p>
      </div>
      <SetupForm />
    </CenterCard>
  );
}
