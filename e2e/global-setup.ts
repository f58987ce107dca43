// Starts what every spec shares: the identity provider and one built Switchboard app on PGlite (the embedded default).
// URLs go to the environment, which Playwright hands to its workers; the returned function stops both by PID.
import { mkdirSync, rmSync } from "node:fs";
import { startApp } from "./fixtures/app";
import { startIdpProcess } from "./fixtures/idp-process";
import { freePort } from "./fixtures/net";
import { chromiumPath } from "./fixtures/chromium";
import { findSecretLeaks } from "./fixtures/leaks";

// Passwords the specs use; none may ever reach the server log.
const TEST_PASSWORDS = [
  "admin-password-1",
  "user-password-1",
  "not-the-password",
  "wrong-password",
  "whatever-password",
  "any-password",
  "password-123",
];

export const IDP_CLIENT = { id: "switchboard-e2e", secret: "e2e-idp-client-secret" };
export const IDP_ACCESS_TOKEN_TTL_S = 5;

export default async function globalSetup() {
  chromiumPath();
  rmSync("e2e/.auth", { recursive: true, force: true });
  mkdirSync("e2e/.auth", { recursive: true });
  const appPort = await freePort();
  const idp = await startIdpProcess({
    clientId: IDP_CLIENT.id,
    clientSecret: IDP_CLIENT.secret,
    redirectUris: [`http://localhost:${appPort}/api/auth/callback/oidc`],
    accessTokenTtl: IDP_ACCESS_TOKEN_TTL_S,
    rotateRefreshTokens: true,
  });
  const app = await startApp({
    port: appPort,
    env: {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: IDP_CLIENT.id,
      OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
      OIDC_NAME: "Test IdP",
    },
  }).catch(async (err) => {
    await idp.stop();
    throw err;
  });
  process.env.E2E_BASE_URL = app.url;
  process.env.E2E_IDP_URL = idp.issuer;
  process.env.E2E_DATA_DIR = app.dataDir;
  return async () => {
    const log = app.output();
    await app.stop();
    await idp.stop();
    rmSync(app.dataDir, { recursive: true, force: true });
    const leaks = findSecretLeaks(log, [...TEST_PASSWORDS, IDP_CLIENT.secret]);
    if (leaks.length) throw new Error(`Secrets appeared in the app's log: ${leaks.join(", ")}`);
  };
}
