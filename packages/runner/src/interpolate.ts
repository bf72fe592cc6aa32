/** Replaces `${a.b.c}` with values from the context; an unknown name is an error, not "". */
export function interpolate(text: string, ctx: Record<string, unknown>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_m, expr: string) => {
    let value: unknown = ctx;
    for (const key of expr.trim().split('.')) {
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    if (value === undefined || value === null)
      throw new Error(`tye.yaml: unknown value \${${expr}}`);
    return String(value);
  });
}
