// The differential test's oracle: reads JSON lines of cases on stdin, answers one JSON line per
// case on stdout: {"id": ..., "result": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied"} or
// {"id": ..., "error": "..."}. Runs @cloud-copilot/iam-simulate (AGPL-3.0-or-later) as a
// separate process; iamx only reads its answers. Case format: tests/it/eval_support/mod.rs.
//
// The package's public `runUnsafeSimulation` (no validation of actions, resources and context
// keys against AWS's catalog, which the generated cases need) fails on a resource policy in
// 0.1.173 (it loads it without a name), so this calls the engine's `authorize` with named
// policies. The package is pinned by package-lock.json.
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { createInterface } from 'node:readline';

const base = new URL('./node_modules/@cloud-copilot/iam-simulate/dist/esm/', import.meta.url);
const { authorize } = await import(new URL('core_engine/CoreSimulatorEngine.js', base));
const { AwsRequestImpl } = await import(new URL('request/request.js', base));
const { RequestContextImpl } = await import(new URL('requestContext.js', base));
const { DiscoveryContextKeyConstraints } = await import(
  new URL('context_keys/discoveryContextKeyConstraints.js', base)
);

function decide(c) {
  const named = (policy, name) => loadPolicy(policy, { name });
  const request = new AwsRequestImpl(
    c.request.principal,
    { resource: c.request.resource, accountId: c.request.resource_account ?? '111122223333' },
    c.request.action,
    new RequestContextImpl(c.request.context ?? {}),
  );
  const analysis = authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: (c.identity ?? []).map((p, i) => named(p, `identity${i}`)),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resource_policy ? named(c.resource_policy, 'resource') : undefined,
    permissionBoundaries: c.boundary ? [named(c.boundary, 'boundary')] : undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: {
      simulationMode: 'Strict',
      discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]),
    },
    serviceSettings: { s3: {} },
  });
  return analysis.result;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
for await (const line of lines) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  try {
    out.push(JSON.stringify({ id: c.id, result: decide(c) }));
  } catch (e) {
    out.push(JSON.stringify({ id: c.id, error: String(e && e.message ? e.message : e) }));
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
