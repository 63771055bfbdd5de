import Link from "next/link";
import { SweepsList } from "@/components/sweeps-list";

export default function SweepsPage() {
  return (
    <section className="card">
      <div className="section-head">
        <h1>Sweeps</h1>
        <Link className="button primary" href="/sweeps/new">
          New sweep
        </Link>
      </div>
      <SweepsList />
    </section>
  );
}
