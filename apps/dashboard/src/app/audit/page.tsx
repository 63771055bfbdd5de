// Why: the audit trail in the dashboard: who launched, cancelled, resumed, drained or managed tokens, when and from where.
import { AuditTrail } from "@/components/audit-trail";

export const metadata = { title: "Audit · GemSweep" };

export default function AuditPage() {
  return <AuditTrail />;
}
