// RFC 9728 protected-resource metadata for /api/mcp, path-aware form (public).
import { metadataResponse, protectedResourceMetadata } from "@/lib/oauth-server/metadata";

export const dynamic = "force-dynamic";

export const GET = (req: Request) => metadataResponse(protectedResourceMetadata(), req.method);
export const HEAD = GET;
export const OPTIONS = (req: Request) => metadataResponse(null, req.method);
