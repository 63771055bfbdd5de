-- Trial logs (TrialLogLine, bounded per attempt by the worker) and the attempt's reproducibility record (Attempt.repro).
-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "repro" JSONB;

-- CreateTable
CREATE TABLE "TrialLogLine" (
    "id" BIGSERIAL NOT NULL,
    "trialId" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "level" INTEGER NOT NULL,
    "msg" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "TrialLogLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrialLogLine_trialId_id_idx" ON "TrialLogLine"("trialId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TrialLogLine_attemptId_seq_key" ON "TrialLogLine"("attemptId", "seq");

-- AddForeignKey
ALTER TABLE "TrialLogLine" ADD CONSTRAINT "TrialLogLine_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialLogLine" ADD CONSTRAINT "TrialLogLine_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

