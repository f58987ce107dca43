// Browser side of the JSON API: fetch wrapper that rebuilds the house error body into an ApiError.
import type { ErrorBody, ErrorCode, FieldErrors } from "@/lib/errors";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network",
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const e = (value as ErrorBody | null)?.error;
  return typeof e?.code === "string" && typeof e?.message === "string";
}

export async function api<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: {
        accept: "application/json",
        ...(json !== undefined ? { "content-type": "application/json" } : {}),
        ...rest.headers,
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach Switchboard. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (isErrorBody(body)) throw new ApiError(res.status, body.error.code, body.error.message, body.error.fields);
    throw new ApiError(res.status, "internal", `Request failed (${res.status}).`);
  }
  return body as T;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong.";
}
