-- CreateTable
CREATE TABLE "Chair" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "ward" TEXT NOT NULL DEFAULT 'main',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clinicId" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "birthDate" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InfusionSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chairId" INTEGER NOT NULL,
    "patientId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "route" TEXT NOT NULL DEFAULT 'iv',
    "weightKg" REAL NOT NULL,
    "doseMgPerKg" REAL NOT NULL,
    "plannedDoseMg" REAL NOT NULL,
    "plannedDurationS" INTEGER NOT NULL,
    "rateMgPerH" REAL NOT NULL,
    "seriesNumber" INTEGER NOT NULL,
    "seriesLength" INTEGER NOT NULL DEFAULT 6,
    "prescriber" TEXT,
    "notes" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "abortReason" TEXT,
    "createdById" TEXT,
    "painBefore" INTEGER,
    "painAfter" INTEGER,
    "sedationBefore" INTEGER,
    "dischargeScale" TEXT,
    "dischargeScore" INTEGER,
    "dischargeOverride" TEXT,
    CONSTRAINT "InfusionSession_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Chair" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "InfusionSession_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromPhase" TEXT,
    "toPhase" TEXT,
    "rateMgPerH" REAL,
    "reason" TEXT,
    "at" DATETIME NOT NULL,
    "byUserId" TEXT,
    "byName" TEXT NOT NULL,
    CONSTRAINT "SessionEvent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InfusionSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VitalSample" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clientId" TEXT NOT NULL,
    "chairId" INTEGER NOT NULL,
    "sessionId" TEXT,
    "recordedAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT,
    "hr" REAL,
    "sbp" REAL,
    "dbp" REAL,
    "map" REAL,
    "spo2" REAL,
    "rr" REAL,
    "etco2" REAL,
    "tempC" REAL,
    CONSTRAINT "VitalSample_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Chair" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "VitalSample_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InfusionSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SideEffectObservation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "sedationScore" INTEGER,
    "detail" TEXT,
    "note" TEXT,
    "observedAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "byUserId" TEXT,
    "byName" TEXT NOT NULL,
    "amendsId" TEXT,
    "amendReason" TEXT,
    "struck" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SideEffectObservation_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InfusionSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SideEffectObservation_amendsId_fkey" FOREIGN KEY ("amendsId") REFERENCES "SideEffectObservation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Intervention" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "observationId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" TEXT,
    "givenAt" DATETIME NOT NULL,
    "byUserId" TEXT,
    "byName" TEXT NOT NULL,
    CONSTRAINT "Intervention_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InfusionSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Intervention_observationId_fkey" FOREIGN KEY ("observationId") REFERENCES "SideEffectObservation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Alarm" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chairId" INTEGER NOT NULL,
    "sessionId" TEXT,
    "rule" TEXT NOT NULL,
    "parameter" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "value" REAL,
    "limit" REAL,
    "message" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "acknowledgedById" TEXT,
    "acknowledgedBy" TEXT,
    "clearedAt" DATETIME,
    CONSTRAINT "Alarm_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Chair" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Alarm_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InfusionSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "userId" TEXT,
    "username" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "before" TEXT,
    "after" TEXT,
    "ip" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Patient_clinicId_key" ON "Patient"("clinicId");

-- CreateIndex
CREATE INDEX "InfusionSession_startedAt_idx" ON "InfusionSession"("startedAt");

-- CreateIndex
CREATE INDEX "InfusionSession_patientId_startedAt_idx" ON "InfusionSession"("patientId", "startedAt");

-- CreateIndex
CREATE INDEX "InfusionSession_chairId_startedAt_idx" ON "InfusionSession"("chairId", "startedAt");

-- CreateIndex
CREATE INDEX "InfusionSession_phase_idx" ON "InfusionSession"("phase");

-- CreateIndex
CREATE INDEX "SessionEvent_sessionId_at_idx" ON "SessionEvent"("sessionId", "at");

-- CreateIndex
CREATE INDEX "VitalSample_sessionId_recordedAt_idx" ON "VitalSample"("sessionId", "recordedAt");

-- CreateIndex
CREATE INDEX "VitalSample_chairId_recordedAt_idx" ON "VitalSample"("chairId", "recordedAt");

-- CreateIndex
CREATE UNIQUE INDEX "VitalSample_chairId_clientId_key" ON "VitalSample"("chairId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "SideEffectObservation_clientId_key" ON "SideEffectObservation"("clientId");

-- CreateIndex
CREATE INDEX "SideEffectObservation_sessionId_observedAt_idx" ON "SideEffectObservation"("sessionId", "observedAt");

-- CreateIndex
CREATE INDEX "SideEffectObservation_kind_severity_idx" ON "SideEffectObservation"("kind", "severity");

-- CreateIndex
CREATE INDEX "Intervention_sessionId_givenAt_idx" ON "Intervention"("sessionId", "givenAt");

-- CreateIndex
CREATE INDEX "Alarm_sessionId_raisedAt_idx" ON "Alarm"("sessionId", "raisedAt");

-- CreateIndex
CREATE INDEX "Alarm_chairId_raisedAt_idx" ON "Alarm"("chairId", "raisedAt");

-- CreateIndex
CREATE INDEX "Alarm_raisedAt_priority_idx" ON "Alarm"("raisedAt", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");
