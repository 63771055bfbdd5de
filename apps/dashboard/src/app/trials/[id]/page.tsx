import { TrialDetail } from "@/components/trial-detail";

export const metadata = { title: "Trial · GemSweep" };

export default async function TrialPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TrialDetail trialId={id} />;
}
