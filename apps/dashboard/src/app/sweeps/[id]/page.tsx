import { SweepDetail } from "@/components/sweep-detail";

export const metadata = { title: "Sweep · GemSweep" };

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SweepDetail sweepId={id} />;
}
