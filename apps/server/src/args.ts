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
