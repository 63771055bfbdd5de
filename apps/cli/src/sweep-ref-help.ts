// Why: every command that takes a sweep says the same thing about what it accepts.

/** What a sweep argument accepts (commands' help). */
export const SWEEP_REF_HELP =
  "sweep id, a unique prefix of one (>= 4 hex digits), or a sweep name (the newest sweep of that name)";
