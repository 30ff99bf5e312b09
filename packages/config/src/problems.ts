/** One thing wrong with a config: which key, what is wrong, and how to fix it. */
export interface ConfigProblem {
  severity: 'error' | 'warning';
  /** Dotted key as in Revolt.toml (`api.livekit.nodes.eu.lat`), or a file path for file errors. */
  key: string;
  message: string;
  fix: string;
}

/** An error problem. */
export function error(key: string, message: string, fix: string): ConfigProblem {
  return { severity: 'error', key, message, fix };
}

/** A warning problem. */
export function warning(key: string, message: string, fix: string): ConfigProblem {
  return { severity: 'warning', key, message, fix };
}

/** One line per problem: `error  api.livekit.nodes.eu.lat: ... — fix: ...`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => `${p.severity.padEnd(6)} ${p.key}: ${p.message} — fix: ${p.fix}`)
    .join('\n');
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly ConfigProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest candidate to a mistyped name, if it is close enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  if (bestDistance <= limit) return best;
  // A shortened or extended name ("world" for "worldwide") is also a likely slip.
  if (lower.length < 3) return undefined;
  return candidates.find((c) => {
    const other = c.toLowerCase();
    return other.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
  });
}
