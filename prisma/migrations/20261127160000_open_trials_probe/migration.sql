-- Whether a sweep still has a QUEUED or RUNNING trial (other than one being finished).
--
-- Asked after every trial and by every heartbeat, so it must stay an index probe on
-- ("sweepId", status). Written inline as EXISTS, the planner picks a sequential scan of the
-- whole Trial table whenever its statistics lag a running sweep (it believes most of the
-- sweep's trials are still open, so the first match looks near): measured 5 ms per call at
-- 30k trials, growing with the table. The SET clause keeps this probe on the index; PL/pgSQL
-- keeps its plan for the session (an SQL function would plan it on every call).
CREATE FUNCTION gemsweep_sweep_has_open_trials(sweep_id uuid, except_trial uuid DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SET enable_seqscan = off
AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM "Trial"
    WHERE "sweepId" = sweep_id
      AND status IN ('QUEUED', 'RUNNING')
      AND id IS DISTINCT FROM except_trial
  );
END
$$;
