import { WorkersTable } from "@/components/workers-table";

export const metadata = { title: "Workers · GemSweep" };

export default function WorkersPage() {
  return <WorkersTable />;
}
