/**
 * `make(arg)` once per `keyOf(arg)`: later calls with the same key get the first result (for an
 * async `make`, they share its promise). What is remembered lives as long as the function.
 */
export function remembered<A, V>(keyOf: (arg: A) => string, make: (arg: A) => V): (arg: A) => V {
  const seen = new Map<string, V>();
  return (arg) => {
    const key = keyOf(arg);
    if (seen.has(key)) return seen.get(key) as V;
    const made = make(arg);
    seen.set(key, made);
    return made;
  };
}
