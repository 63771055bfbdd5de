-- CreateEnum
CREATE TYPE "TrialStage" AS ENUM ('TUNE', 'COMPARE');

-- AlterEnum
ALTER TYPE "TrialStatus" ADD VALUE 'WAITING' BEFORE 'QUEUED';

-- AlterTable
ALTER TABLE "Sweep" ADD COLUMN     "stages" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Trial" ADD COLUMN     "groupKey" TEXT,
ADD COLUMN     "rung" INTEGER,
ADD COLUMN     "sample" INTEGER,
ADD COLUMN     "stage" "TrialStage" NOT NULL DEFAULT 'COMPARE';

-- CreateTable
CREATE TABLE "TuningChoice" (
    "id" UUID NOT NULL,
    "sweepId" UUID NOT NULL,
    "configKey" TEXT NOT NULL,
    "values" JSONB,
    "sample" INTEGER,
    "score" DOUBLE PRECISION,
    "trials" INTEGER NOT NULL,
    "completed" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TuningChoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TuningChoice_sweepId_configKey_key" ON "TuningChoice"("sweepId", "configKey");

-- CreateIndex
CREATE INDEX "TuningChoice_enqueued_idx" ON "TuningChoice"("enqueued");

-- AddForeignKey
ALTER TABLE "TuningChoice" ADD CONSTRAINT "TuningChoice_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A sweep with comparison trials WAITING for their config's tuning stage is not finished: the
-- open-trials probe counts them (same function, same index probe on ("sweepId", status)).
CREATE OR REPLACE FUNCTION gemsweep_sweep_has_open_trials(sweep_id uuid, except_trial uuid DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SET enable_seqscan = off
AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM "Trial"
    WHERE "sweepId" = sweep_id
      AND status IN ('WAITING', 'QUEUED', 'RUNNING')
      AND id IS DISTINCT FROM except_trial
  );
END
$$;
