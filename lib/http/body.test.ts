import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readId, readJson, readQuery } from "@/lib/http/body";

const json = (body: unknown, type = "application/json") =>
  new Request("http://localhost/api/x", {
    method: "POST",
    headers: { "content-type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
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
