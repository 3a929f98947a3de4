/*
  Warnings:

  - Added the required column `condition` to the `Alarm` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "InfusionSession" ADD COLUMN "alarmLimits" TEXT;

-- CreateTable
CREATE TABLE "AlarmProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "settings" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Alarm" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chairId" INTEGER NOT NULL,
    "sessionId" TEXT,
    "condition" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "parameter" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "value" REAL,
    "limit" REAL,
    "message" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "escalatedAt" DATETIME,
    "acknowledgedAt" DATETIME,
    "acknowledgedById" TEXT,
    "acknowledgedBy" TEXT,
    "silencedUntil" DATETIME,
    "clearedAt" DATETIME,
    CONSTRAINT "Alarm_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Chair" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Alarm_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InfusionSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Alarm" ("acknowledgedAt", "acknowledgedBy", "acknowledgedById", "chairId", "clearedAt", "id", "kind", "limit", "message", "parameter", "priority", "raisedAt", "rule", "sessionId", "value") SELECT "acknowledgedAt", "acknowledgedBy", "acknowledgedById", "chairId", "clearedAt", "id", "kind", "limit", "message", "parameter", "priority", "raisedAt", "rule", "sessionId", "value" FROM "Alarm";
DROP TABLE "Alarm";
ALTER TABLE "new_Alarm" RENAME TO "Alarm";
CREATE INDEX "Alarm_sessionId_raisedAt_idx" ON "Alarm"("sessionId", "raisedAt");
CREATE INDEX "Alarm_chairId_raisedAt_idx" ON "Alarm"("chairId", "raisedAt");
CREATE INDEX "Alarm_raisedAt_priority_idx" ON "Alarm"("raisedAt", "priority");
CREATE INDEX "Alarm_clearedAt_idx" ON "Alarm"("clearedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
