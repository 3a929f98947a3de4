-- DropIndex
DROP INDEX "InfusionSession_phase_idx";

-- DropIndex
DROP INDEX "SideEffectObservation_kind_severity_idx";

-- CreateIndex
CREATE INDEX "InfusionSession_phase_startedAt_idx" ON "InfusionSession"("phase", "startedAt");

-- CreateIndex
CREATE INDEX "Intervention_observationId_idx" ON "Intervention"("observationId");

-- CreateIndex
CREATE INDEX "SideEffectObservation_sessionId_kind_severity_idx" ON "SideEffectObservation"("sessionId", "kind", "severity");

-- CreateIndex
CREATE INDEX "SideEffectObservation_amendsId_idx" ON "SideEffectObservation"("amendsId");
