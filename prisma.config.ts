// Prisma CLI configuration. The CLI runs offline through the driver adapter and Prisma's bundled
// WASM schema engine (no engine download): see docs/architecture.md § Persistence.
import { defineConfig } from 'prisma/config';
import { migrationAdapterFactory } from './server/src/db/migration-adapter.ts';
import { databaseFile } from './server/src/db/database-url.ts';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => migrationAdapterFactory(databaseFile()),
});
