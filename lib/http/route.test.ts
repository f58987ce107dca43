import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, conflict, errorResponse, forbidden, invalid, notFound, unauthorized } from "@/lib/errors";
import { readId, readJson, readQuery, route } from "@/lib/http/route";

const json = (body: unknown, type = "application/json") =>
  new Request("http://localhost/api/x", {
    method: "POST",
    headers: { "content-type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function bodyOf(res: Response) {
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("error vocabulary", () => {
  it.each([
    [unauthorized(), 401, "unauthorized"],
    [forbidden(), 403, "forbidden"],
    [notFound("User"), 404, "not_found"],
    [conflict("Taken.", { email: "Already in use." }), 409, "conflict"],
    [invalid({ name: "Enter a name." }), 400, "validation_failed"],
  ])("%s → its status and the house body", async (err, status, code) => {
    const res = await bodyOf(errorResponse(err));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  });

  it("answers an unexpected error with 500 and a generic message; the details go to the log only", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await bodyOf(errorResponse(new Error("connection to db.internal:5432 failed for user sb")));
    expect(res).toEqual({
      status: 500,
      body: { error: { code: "internal", message: "Something went wrong. The server log has details." } },
    });
    expect(logged.mock.calls.flat().join(" ")).toContain("db.internal:5432");
    logged.mockRestore();
  });

  it("route() turns anything a handler throws into that body", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = route(async () => {
      throw new TypeError("secret-ish detail");
    });
    const res = await h(new Request("http://localhost/"), undefined);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret-ish detail");
    logged.mockRestore();
    expect(
      (
        await route(async () => Promise.reject(new AppError("conflict", "No.")))(
          new Request("http://localhost/"),
          undefined,
        )
      ).status,
    ).toBe(409);
  });
});

describe("request parsing", () => {
  const schema = z.object({ name: z.string().min(1, "Enter a name."), n: z.number().optional() }).strict();

  it("reads a valid JSON body (also +json media types)", async () => {
    expect(await readJson(json({ name: "a", n: 1 }), schema)).toEqual({ name: "a", n: 1 });
    expect(await readJson(json({ name: "a" }, "application/merge-patch+json; charset=utf-8"), schema)).toEqual({
      name: "a",
    });
  });

  it("refuses other content types, broken JSON, oversize bodies and bad fields with field messages", async () => {
    await expect(readJson(json("name=a", "application/x-www-form-urlencoded"), schema)).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(readJson(json("{", "application/json"), schema)).rejects.toMatchObject({
      code: "bad_request",
      message: "The request body is not valid JSON.",
    });
    await expect(readJson(json({ name: "x".repeat(300 * 1024) }), schema)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    // Multi-byte characters count as bytes, and a streamed body without Content-Length is cut off at the cap too.
    await expect(readJson(json({ name: "é".repeat(140 * 1024) }), schema)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const streamed = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    await expect(readJson(streamed, schema)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(pulled).toBeLessThan(10);
    await expect(readJson(json({ name: "", extra: 1 }), schema)).rejects.toMatchObject({
      code: "validation_failed",
      fields: { name: "Enter a name.", _: expect.any(String) },
    });
  });

  it("reads query parameters with the same field errors", () => {
    const q = z.object({ limit: z.coerce.number().int().max(10) });
    expect(readQuery(new Request("http://localhost/?limit=5"), q)).toEqual({ limit: 5 });
    expect(() => readQuery(new Request("http://localhost/?limit=50"), q)).toThrow(
      expect.objectContaining({ code: "validation_failed", fields: { limit: expect.any(String) } }),
    );
  });

  it("treats a malformed id as not found (no hint about the id format), and lower-cases valid ones", () => {
    expect(() => readId("../../etc", "Token")).toThrow(
      expect.objectContaining({ code: "not_found", message: "Token not found." }),
    );
    expect(readId("AAAAAAAA-0000-4000-8000-000000000000")).toBe("aaaaaaaa-0000-4000-8000-000000000000");
  });
});
