// The contract every auth type fulfils on the server: its inputs and columns, how a create or edit plans them, the
// user's credential and connection state (read once, so the two cannot disagree), and what an upstream 401 means.
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import type { NewMcpServer } from "@/lib/db/queries/mcp-servers";
import type { FieldErrors } from "@/lib/errors";
import type { ServerFields } from "@/lib/server-input/schemas";
import type { AuthTypeDescriptor } from "@/lib/auth-types/descriptors";

export const connectionStates = ["not_required", "connected", "not_connected", "needs_reconnect"] as const;
export type ConnectionState = (typeof connectionStates)[number];

export interface ServerConnection {
  connectionState: ConnectionState;
  /** True when a usable credential exists right now (after a refresh attempt). */
  authConnected: boolean;
}

export type CredentialProblem = "not_connected" | "needs_reconnect" | "needs_oidc_sign_in" | "unavailable";

/** The headers to send upstream for (user, server), or why there are none. */
export type UpstreamCredentials =
  { ok: true; headers: Record<string, string> } | { ok: false; state: CredentialProblem; message: string };

/** One reading of a user's credential: both what to send upstream and the connection state that means. */
export interface CredentialReading {
  credentials: UpstreamCredentials;
  connectionState: ConnectionState;
}

export interface AuthPlanContext {
  /** Validated input (fields of other auth types have already been refused). */
  input: ServerFields;
  /** The stored row for an edit; undefined for a create. */
  existing: McpServer | undefined;
  /** The stored row when this type's settings carry over (an edit that keeps the type); undefined otherwise. */
  base: McpServer | undefined;
  typeChanged: boolean;
  /** The common fields this same write changes (e.g. "url"). */
  changed: readonly string[];
}

export interface AuthPlan {
  /** Column values to write (secrets sealed). */
  values: Partial<NewMcpServer>;
  /** API field names set or changed (secrets by name only). */
  changed: string[];
  errors: FieldErrors;
  /** Run OAuth discovery and client registration before writing. */
  discover?: boolean;
  /** Users' stored tokens for this server no longer fit. */
  dropUserTokens?: boolean;
}

export type CredentialSource = Pick<AuthTypeStrategy, "credentials" | "connection">;

export interface AuthTypeStrategy extends AuthTypeDescriptor {
  /** The API fields only this type accepts; a type change reports them as cleared. */
  inputFields: ReadonlyArray<keyof ServerFields>;
  /** The columns only this type uses, with the values that clear them when a server leaves the type. */
  clearedColumns: Partial<NewMcpServer>;
  /** Checks this type's settings in a create or edit and says which columns to write. */
  plan(ctx: AuthPlanContext): AuthPlan;
  /** What to send upstream for this user (identity headers are added by the caller). */
  credentials(handle: DbHandle, user: Pick<User, "id">, server: McpServer): Promise<UpstreamCredentials>;
  connection(handle: DbHandle, user: Pick<User, "id">, server: McpServer): Promise<ServerConnection>;
  /** The tool error when the upstream answers a call with 401: what the caller should do about it. */
  unauthorizedMessage(server: Pick<McpServer, "displayName">, panelUrl: (path: string) => string): string;
}
