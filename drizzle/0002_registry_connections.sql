CREATE TABLE "identity_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_jwk_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "oauth2_token_endpoint_auth_method" text;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "oauth2_iss_parameter_supported" boolean DEFAULT false NOT NULL;