// Types of stale-build.js (plain JavaScript, because the bin runs it before anything is built).
export declare const CLI_DIR: string;
export declare const REPO_ROOT: string;
export declare const DIST_DIR: string;
export declare const BUILD_INPUTS: string;
export declare function staleBuildReason(): string | undefined;
