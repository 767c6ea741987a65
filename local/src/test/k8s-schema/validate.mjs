// Validates Kubernetes objects (a JSON array in the file named by the first argument) against the
// schemas of kubernetes-models: the core API, KEDA and the Prometheus Operator. Prints one line per
// object: "valid", "invalid" with the schema's complaint, or "unchecked" when no schema is known
// (Strimzi's KafkaTopic). Exits 1 when any object is invalid.
import { readFileSync } from "node:fs";

const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function model(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const pkg = packages[group] ?? (group.includes(".") && !group.endsWith(".k8s.io") ? null : "kubernetes-models");
  if (!pkg) {
    return null;
  }
  try {
    return (await import(`${pkg}/${apiVersion}/${kind}`))[kind];
  } catch (notFound) {
    return null;
  }
}

let invalid = 0;
for (const object of JSON.parse(readFileSync(process.argv[2], "utf8"))) {
  const name = `${object.kind}/${object.metadata?.name}`;
  const Model = await model(object.apiVersion, object.kind);
  if (!Model) {
    console.log(`unchecked ${name}`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    invalid++;
    console.log(`invalid ${name}: ${error.message}`);
  }
}
process.exit(invalid ? 1 : 0);
