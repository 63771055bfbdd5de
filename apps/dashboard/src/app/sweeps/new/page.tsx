import { SpecEditor } from "@/components/spec-editor";

export const metadata = { title: "New sweep · GemSweep" };

export default function NewSweepPage() {
  return (
    <section className="card">
      <h1>New sweep</h1>
      <p className="muted">
        Activations × N × ε × seeds × benchmarks. Lists are grid axes; the preview is checked by the same schema the API uses.
      </p>
      <SpecEditor />
    </section>
  );
}
