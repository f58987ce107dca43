// Housekeeping of the authorization server's tables (expired codes and tokens, replay copies, old revoked grants), hourly.
import "server-only";
import type { Queryable } from "@/lib/db/connect";
import { deleteAuthorizationCodesExpiredBefore } from "@/lib/db/queries/oauth-authorization-codes";
import { deleteOAuthGrantsRevokedBefore } from "@/lib/db/queries/oauth-grants";
import {
  clearSuccessorResponsesRotatedBefore,
  deleteRefreshTokensExpiredBefore,
} from "@/lib/db/queries/oauth-refresh-tokens";
import { log, describeError } from "@/lib/log";
import { REFRESH_GRACE_S } from "@/lib/oauth-server/config";

const EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
let lastRun = 0;

export async function pruneOAuthRows(db: Queryable, now = new Date()): Promise<void> {
  await deleteAuthorizationCodesExpiredBefore(db, new Date(now.getTime() - DAY_MS));
  await deleteRefreshTokensExpiredBefore(db, new Date(now.getTime() - DAY_MS));
  await clearSuccessorResponsesRotatedBefore(db, new Date(now.getTime() - REFRESH_GRACE_S * 1000));
  await deleteOAuthGrantsRevokedBefore(db, new Date(now.getTime() - 30 * DAY_MS));
}

/** Runs pruneOAuthRows when this process has not for an hour; never throws (a failure is only logged). */
export async function pruneOAuthRowsNowAndThen(db: Queryable, now = new Date()): Promise<void> {
  if (now.getTime() - lastRun < EVERY_MS) return;
  lastRun = now.getTime();
  try {
    await pruneOAuthRows(db, now);
  } catch (err) {
    log.warn("oauth housekeeping failed", { error: describeError(err) });
  }
}
