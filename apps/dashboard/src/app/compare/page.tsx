// Why: /compare, where two or more sweeps are lined up (the view is a client component reading ?ids=).
import { Suspense } from "react";
import { CompareView } from "@/components/compare-view";

export const metadata = { title: "Compare sweeps · GemSweep" };

export default function ComparePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <CompareView />
    </Suspense>
  );
}
