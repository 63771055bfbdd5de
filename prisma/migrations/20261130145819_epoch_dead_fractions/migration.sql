-- AlterTable
ALTER TABLE "EpochMetric" ADD COLUMN     "deadFraction" DOUBLE PRECISION,
ADD COLUMN     "nearDeadFraction" DOUBLE PRECISION;

