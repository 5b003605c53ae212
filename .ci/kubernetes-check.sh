#!/usr/bin/env bash
# CI check: the Kubernetes manifests (deploy/kubernetes/) validate against the Kubernetes 1.31 and 1.37
# schemas, strictly (unknown fields refused), with PyPI's kubernetes-validate (pinned in
# .ci/kubernetes/requirements.txt; it carries the schemas, so nothing is fetched from a cluster). The
# example overlay is rendered with `kubectl kustomize` where kubectl is installed and validated whole;
# the rendered Deployment is then checked for what the manifests promise (probes, non-root, read-only
# root filesystem, resources, no unavailable replica in a rollout).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

WORK=target/ci-kubernetes
rm -rf "$WORK"
mkdir -p "$WORK"
echo "-- pip install -r .ci/kubernetes/requirements.txt (into $WORK/venv)"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check -r .ci/kubernetes/requirements.txt

files=(deploy/kubernetes/base/{deployment,service,hpa,pdb}.yaml deploy/kubernetes/overlays/example/namespace.yaml)
if command -v kubectl >/dev/null; then
  kubectl kustomize deploy/kubernetes/overlays/example >"$WORK/example.yaml"
  kubectl kustomize deploy/kubernetes/base >"$WORK/base.yaml"
  files+=("$WORK/example.yaml" "$WORK/base.yaml")
else
  echo "-- kubectl not found: the overlay is not rendered; its resources and the base are validated as files"
fi
for version in 1.31.0 1.37.0; do
  "$WORK/venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${files[@]}"
  echo "-- ${#files[@]} manifest files valid against Kubernetes $version (strict)"
done

"$WORK/venv/bin/python" - "${files[@]}" <<'PY'
import sys, yaml
docs = [d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d]
deployments = [d for d in docs if d["kind"] == "Deployment"]
assert deployments, "no Deployment"
for d in deployments:
    spec = d["spec"]["template"]["spec"]
    c = spec["containers"][0]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert c["resources"]["requests"]["memory"] and c["resources"]["limits"]["memory"]
    assert d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
kinds = {d["kind"] for d in docs}
for kind in ["Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"]:
    assert kind in kinds, f"no {kind}"
print(f"-- {len(deployments)} Deployment(s): probes, non-root, read-only root, resources, surge-only rollout")
PY
echo "-- kubernetes check passed in $((SECONDS - start)) s"
