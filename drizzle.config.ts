import { defineConfig } from "drizzle-kit";

// Generation needs no database: one migrations folder serves PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
  casing: "snake_case",
});
