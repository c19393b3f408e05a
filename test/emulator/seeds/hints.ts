/** Hint: resolve to an ownerReference to `Kind/name` in the same namespace once that object exists. */
export const OWNER_HINT = 'emulator.dataclusters.io/owner';
/** Hint on a driver pod template: keep this many executors busy. */
export const LOAD_HINT = 'emulator.dataclusters.io/load';
