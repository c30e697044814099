/** Parses `--name value` pairs; a flag given twice or without a value is an error. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unexpected argument "${arg}"`);
    const [, name, inline] = match;
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new Error(`--${name} needs a value`);
    if (name in out) throw new Error(`--${name} was given twice`);
    out[name] = value;
  }
  return out;
}
