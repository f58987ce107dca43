import { describe, expect, it } from "vitest";
import { OAuthProtocolError, readForm } from "@/lib/oauth-server/oauth-errors";
import { handleTokenRequest } from "@/lib/oauth-server/token-endpoint";
import type { DbHandle } from "@/lib/db/connect";
import { lazyBody, postRequest } from "@/lib/testing/bodies";

const formRequest = (body: BodyInit, headers: Record<string, string> = {}) =>
  postRequest("http://localhost/api/oauth/token", "application/x-www-form-urlencoded", body, headers);

describe("readForm (token and revocation endpoints)", () => {
  it("reads parameters and refuses one sent twice", async () => {
    expect(await readForm(formRequest("grant_type=refresh_token&refresh_token=x"))).toEqual(
      new Map([
        ["grant_type", "refresh_token"],
        ["refresh_token", "x"],
      ]),
    );
    await expect(readForm(formRequest("a=1&a=2"))).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("stops reading an oversize body at the cap instead of buffering all of it (anyone may call these endpoints)", async () => {
    const { stream, pulled } = lazyBody(64 * 1024 * 1024);
    const err = await readForm(formRequest(stream)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthProtocolError);
    expect(err).toMatchObject({ code: "invalid_request", status: 400 });
    expect(pulled.bytes).toBeLessThan(1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap before reading anything", async () => {
    const { stream, pulled } = lazyBody(10 * 1024 * 1024);
    await expect(readForm(formRequest(stream, { "content-length": String(10 * 1024 * 1024) }))).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(pulled.bytes).toBeLessThanOrEqual(16 * 1024);
  });

  it("the token endpoint answers an oversize body without touching the database", async () => {
    const { stream, pulled } = lazyBody(64 * 1024 * 1024);
    const untouchable = new Proxy({} as DbHandle, {
      get: () => {
        throw new Error("database used");
      },
    });
    await expect(handleTokenRequest(untouchable, formRequest(stream))).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(pulled.bytes).toBeLessThan(1024 * 1024);
  });
});
