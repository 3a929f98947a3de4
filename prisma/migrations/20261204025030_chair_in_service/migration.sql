-- A chair taken out of service takes no new sessions; its history stays. (Prisma generated a
-- table rebuild; adding the column is the same schema without copying the table.)
ALTER TABLE "Chair" ADD COLUMN "inService" BOOLEAN NOT NULL DEFAULT true;
