import { closest } from '@ermine/config';

/** Parsed command-line flags: repeated flags collect into arrays, `--x=y` and `--x y` both work. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/** Parses argv; `booleans` lists flags that take no value. */
export function parseArgs(argv: string[], booleans: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (eq > 0) add(name, arg.slice(eq + 1));
    else if (booleans.includes(name)) add(name, 'true');
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
      add(name, next);
      i++;
    }
  }
  return { positional, flags };
}

/** The last value of a flag, if given. */
export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

/** Where a command writes and which directory it works in. */
export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

/** What a command accepts besides `--help`. */
export interface CommandSpec {
  usage: string;
  /** Flags that take a value. */
  valued: string[];
  /** Flags that take none. */
  booleans?: string[];
  /** How many positional arguments it takes (default none). */
  positional?: number;
}

/**
 * Parses a command's argv. `--help` prints the usage (exit 0); a flag missing its value, an
 * unknown flag or an extra positional argument prints the problem and the usage (exit 2).
 * Returns the parsed args, or the exit code when the command is done.
 */
export function parseCommandArgs(
  argv: string[],
  spec: CommandSpec,
  io: Pick<CommandIo, 'out' | 'err'>,
): ParsedArgs | number {
  const booleans = spec.booleans ?? [];
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, [...booleans, 'help']);
  } catch (err) {
    io.err(`${(err as Error).message}\n${spec.usage}`);
    return 2;
  }
  if (args.flags.has('help')) {
    io.out(spec.usage);
    return 0;
  }
  const unknown = [...args.flags.keys()].filter(
    (f) => !spec.valued.includes(f) && !booleans.includes(f),
  );
  const extra = args.positional.slice(spec.positional ?? 0);
  if (unknown.length > 0 || extra.length > 0) {
    const what = [...unknown.map((f) => `--${f}`), ...extra].join(', ');
    const guess =
      unknown.length === 1 ? closest(unknown[0] ?? '', [...spec.valued, ...booleans]) : undefined;
    const hint = guess === undefined ? '' : ` (did you mean --${guess}?)`;
    io.err(`unexpected argument: ${what}${hint}\n${spec.usage}`);
    return 2;
  }
  return args;
}
