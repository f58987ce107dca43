// Next.js start hook: runs Switchboard's start-up once per server process (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startup } = await import("@/lib/startup");
    await startup();
  }
}
