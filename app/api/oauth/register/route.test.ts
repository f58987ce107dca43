import { describe, expect, it } from "vitest";
import { lazyBody, postRequest } from "@/lib/testing/bodies";
import { POST } from "@/app/api/oauth/register/route";

describe("POST /api/oauth/register", () => {
  it("answers an oversize body with invalid_client_metadata after reading no more than the cap", async () => {
    const { stream, pulled } = lazyBody(64 * 1024 * 1024);
    const res = await POST(postRequest("http://localhost/api/oauth/register", "application/json", stream));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_client_metadata" });
    expect(pulled.bytes).toBeLessThan(1024 * 1024);
  });
});
