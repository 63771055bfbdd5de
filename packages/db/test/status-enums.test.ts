import {
  API_SCOPES,
  ATTEMPT_STATUSES,
  SWEEP_STATUSES,
  TRIAL_STATUSES,
  WORKER_STATUSES,
} from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import {
  ApiScope,
  AttemptStatus,
  SweepStatus,
  TrialStatus,
  WorkerStatus,
} from "../generated/client/index.js";

// The contracts spell every state machine's states once; the database's enums (the Prisma
// schema) must spell the same ones, or a status written by one side is unreadable by the other.
describe("the database's status enums are the contracts' statuses", () => {
  it.each([
    ["TrialStatus", TrialStatus, TRIAL_STATUSES],
    ["SweepStatus", SweepStatus, SWEEP_STATUSES],
    ["AttemptStatus", AttemptStatus, ATTEMPT_STATUSES],
    ["WorkerStatus", WorkerStatus, WORKER_STATUSES],
    ["ApiScope", ApiScope, API_SCOPES],
  ])("%s", (_name, prismaEnum, contract) => {
    expect(Object.values(prismaEnum).sort()).toEqual([...contract].sort());
  });
});
