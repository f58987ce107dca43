// The same authorization-server metadata for clients that only try OpenID discovery (public).
import { authorizationServerMetadata, metadataResponse } from "@/lib/oauth-server/metadata";

export const dynamic = "force-dynamic";

export const GET = (req: Request) => metadataResponse(authorizationServerMetadata(), req.method);
export const HEAD = GET;
export const OPTIONS = (req: Request) => metadataResponse(null, req.method);
