/** An allow/deny pair of permission bits (`OverrideField` on the wire: `a` allows, `d` denies). */
export interface OverrideField {
  a: number;
  d: number;
}
