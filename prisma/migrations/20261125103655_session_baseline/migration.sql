-- AlterTable
ALTER TABLE "InfusionSession" ADD COLUMN "baselineDbp" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "baselineEtco2" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "baselineHr" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "baselineMap" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "baselineRr" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "baselineSbp" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "baselineSpo2" REAL;
ALTER TABLE "InfusionSession" ADD COLUMN "dischargeNote" TEXT;
