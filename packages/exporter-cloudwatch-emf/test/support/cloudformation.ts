/**
 * Just enough of CloudFormation to read collector-config/cloudwatch-alarms.cfn.json as a stack
 * would be created: `Ref` and `Fn::Sub` resolved from parameter values (their defaults, then the
 * given ones) and, for a resource, its Ref (an alarm's or topic's name).
 */
type Json = unknown;

export interface Template {
  Parameters: Record<string, { Default?: string | number }>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>;
}

export function resolveTemplate(t: Template, given: Record<string, string | number>) {
  const params: Record<string, string | number> = {};
  for (const [k, p] of Object.entries(t.Parameters))
    if (p.Default !== undefined) params[k] = p.Default;
  Object.assign(params, given);
  const refOf = (name: string): string | number => {
    if (name in params) return params[name]!;
    const r = t.Resources[name];
    if (!r) throw new Error(`Ref to unknown ${name}`);
    const named = r.Properties.AlarmName ?? r.Properties.TopicName;
    return named === undefined ? `arn:${name}` : String(resolve(named));
  };
  const resolve = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== 'object') return node;
    const o = node as Record<string, Json>;
    if (typeof o.Ref === 'string') return refOf(o.Ref);
    if (typeof o['Fn::Sub'] === 'string')
      return (o['Fn::Sub'] as string).replace(/\$\{([A-Za-z0-9]+)\}/g, (_, n: string) =>
        String(refOf(n)),
      );
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v)]));
  };
  return Object.fromEntries(
    Object.entries(t.Resources).map(([k, r]) => [
      k,
      { ...r, Properties: resolve(r.Properties) as Record<string, Json> },
    ]),
  );
}
