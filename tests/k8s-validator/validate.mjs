// Validates multi-document Kubernetes YAML (stdin) against the Kubernetes OpenAPI schema, using the
// validators kubernetes-models compiles from it. The schema allows unknown fields (the API server drops or, with
// strict field validation, rejects them); a misspelt field must fail here, so a second pass runs the compiled
// schema on a proxy of the object and reports every field the schema never looked at. Prints one line per document: "ok <kind>/<name>" or
// "invalid <kind>/<name>: <errors>". Exit code 0 when every document is valid, 1 otherwise, 2 on bad input.
import { parseAllDocuments } from "yaml";

const input = await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
  process.stdin.on("error", reject);
});

// apiVersion "apps/v1" → module "kubernetes-models/apps/v1/<Kind>"; the core group "v1" → "kubernetes-models/v1/<Kind>".
function modulePath(apiVersion, kind) {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

// "apps/v1" + "Deployment" → "kubernetes-models/_schemas/IoK8sApiAppsV1Deployment"; "networking.k8s.io/v1" → "Networking".
function schemaPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  const cap = (s) => s[0].toUpperCase() + s.slice(1);
  return `kubernetes-models/_schemas/IoK8sApi${cap(group.split(".")[0])}${cap(version)}${kind}`;
}

// Wraps every object of `value` in a proxy that records which properties were read; returns the wrapper and a
// function listing the paths of properties nobody read.
function track(value, path = "") {
  if (value === null || typeof value !== "object") return { proxy: value, unread: () => [] };
  const read = new Set();
  const children = {};
  for (const key of Object.keys(value)) children[key] = track(value[key], `${path}/${key}`);
  const target = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) target[key] = children[key].proxy;
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === "string") read.add(key);
      return Reflect.get(t, key, receiver);
    },
  });
  const unread = () =>
    Object.keys(value).flatMap((key) =>
      !Array.isArray(value) && !read.has(key) ? [`${path}/${key}`] : children[key].unread());
  return { proxy, unread };
}

async function unknownFields(object) {
  const { validate } = await import(schemaPath(object.apiVersion, object.kind));
  const { proxy, unread } = track(object);
  validate(proxy);
  return unread();
}

let failed = false;
const documents = parseAllDocuments(input);
if (documents.length === 0 || documents.some((d) => d.errors.length > 0)) {
  for (const d of documents) for (const e of d.errors) console.log(`yaml: ${e.message}`);
  if (documents.length === 0) console.log("yaml: no documents on stdin");
  process.exit(2);
}

for (const document of documents) {
  const object = document.toJS();
  if (object === null || object === undefined) continue;
  const label = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    console.log(`invalid ${label}: apiVersion and kind are required`);
    failed = true;
    continue;
  }
  let Model;
  try {
    Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
  } catch {
    console.log(`invalid ${label}: unknown apiVersion/kind ${object.apiVersion}/${object.kind}`);
    failed = true;
    continue;
  }
  try {
    new Model(structuredClone(object)).validate();
    const unknown = await unknownFields(object);
    if (unknown.length > 0) {
      console.log(`invalid ${label}: ${unknown.map((p) => `${p} is not a field of ${object.apiVersion} ${object.kind}`).join("; ")}`);
      failed = true;
      continue;
    }
    console.log(`ok ${label}`);
  } catch (error) {
    const details = Array.isArray(error.errors)
      ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")
      : String(error.message ?? error);
    console.log(`invalid ${label}: ${details}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
