-- AlterTable
ALTER TABLE "Sweep" ADD COLUMN     "plan" JSONB,
ADD COLUMN     "planVersion" INTEGER;

