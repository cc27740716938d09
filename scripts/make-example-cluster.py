#!/usr/bin/env python3
"""Builds examples/cluster.yaml: a small demo cluster merged from the real v1.32 fixture dumps
in tests/fixtures/ (one namespace per scenario, nodes node-1..3, managedFields dropped), then the
hand-written extras in scripts/example-extra/ (the reach-demo namespace with NetworkPolicies)."""
import yaml

SCENARIOS = [
    "healthy-clusterip", "named-port-partial", "selector-typo", "no-ready", "headless-publish",
    "etp-local", "terminating", "lb-pending-externalname", "selectorless-manual",
    "topology-hints-applied", "stale-controller-down",
]
items, nodes = [], {}
for s in SCENARIOS:
    for it in yaml.safe_load(open(f"tests/fixtures/{s}/cluster.yaml"))["items"]:
        md = it["metadata"]
        md.pop("managedFields", None)
        (md.get("annotations") or {}).pop("kubectl.kubernetes.io/last-applied-configuration", None)
        if md.get("annotations") == {}:
            md.pop("annotations")
        if it["kind"] == "Node":
            nodes.setdefault(md["name"], it)
        else:
            items.append(it)
EXTRAS = ["scripts/example-extra/reach-demo.yaml"]
for e in EXTRAS:
    items.extend(yaml.safe_load(open(e))["items"])
doc = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
       "items": [nodes[n] for n in sorted(nodes)] + items}
with open("examples/cluster.yaml", "w") as f:
    f.write("# Demo cluster: real kube-controller-manager v1.32 output, one namespace per scenario;\n")
    f.write("# reach-demo and kube-system are hand-written (scripts/example-extra/reach-demo.yaml).\n")
    f.write("# Regenerate with scripts/make-example-cluster.py.\n")
    yaml.safe_dump(doc, f, sort_keys=False, width=1000)
