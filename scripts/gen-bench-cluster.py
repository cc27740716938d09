#!/usr/bin/env python3
"""Generates a large synthetic cluster dump for the `diagnose` benchmark (docs/performance.md).

Deterministic (no randomness): N services, each selecting PODS_PER_SERVICE pods spread over
NODES nodes in 3 zones, and one controller-managed EndpointSlice per Service: what
`kubectl get nodes,services,pods,endpointslices -A -o json` returns. With --endpoints, a legacy
v1 Endpoints object per Service is added too (deprecated since v1.33; not read by kube-proxy). A few Services are broken on purpose so the run produces findings: every 50th has a
selector typo, every 100th has an unready pod, every 200th has a stale slice (a missing pod).

Usage:  python3 scripts/gen-bench-cluster.py [--endpoints] [SERVICES] [PODS_PER_SERVICE] > /tmp/bench-cluster.json
Default: 10000 services x 15 pods = 150000 pods. Output: one `kind: List` in
`kubectl get -o json` form (written compactly, one item per line).
"""
import json
import sys

ENDPOINTS = "--endpoints" in sys.argv
ARGS = [a for a in sys.argv[1:] if a != "--endpoints"]
SERVICES = int(ARGS[0]) if len(ARGS) > 0 else 10000
PODS_PER_SERVICE = int(ARGS[1]) if len(ARGS) > 1 else 15
NODES = 500
NAMESPACES = 50
ZONES = ["zone-a", "zone-b", "zone-c"]
TS = "2026-11-22T12:00:00Z"


def node(i):
    name = f"node-{i:04d}"
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "uid": f"node-uid-{i}",
                     "labels": {"kubernetes.io/hostname": name, "topology.kubernetes.io/zone": ZONES[i % 3]}},
        "status": {"allocatable": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                   "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}],
                   "nodeInfo": {"kubeletVersion": "v1.32.6"}},
    }


def ip(n):
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def pod(ns, app, j, n, ready):
    name = f"{app}-{j:02d}"
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "uid": f"pod-uid-{n}",
                     "labels": {"app": app, "tier": "backend", "pod-template-hash": "5d4f8c"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": f"{app}-5d4f8c",
                                          "uid": f"rs-{app}", "controller": True}],
                     "creationTimestamp": TS},
        "spec": {"nodeName": f"node-{n % NODES:04d}",
                 "containers": [{"name": "app", "image": "example/app:1.0",
                                 "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                                 "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}]},
        "status": {"phase": "Running", "podIP": ip(n), "podIPs": [{"ip": ip(n)}],
                   "conditions": [{"type": "Ready", "status": "True" if ready else "False"},
                                  {"type": "ContainersReady", "status": "True" if ready else "False"}],
                   "containerStatuses": [{"name": "app", "image": "example/app:1.0", "ready": ready,
                                          "restartCount": 0, "state": {"running": {"startedAt": TS}}}]},
    }


def endpoint(p, ready):
    n = int(p["metadata"]["uid"].rsplit("-", 1)[1])
    node_name = p["spec"]["nodeName"]
    return {"addresses": [p["status"]["podIP"]],
            "conditions": {"ready": ready, "serving": ready, "terminating": False},
            "nodeName": node_name, "zone": ZONES[int(node_name.rsplit("-", 1)[1]) % 3],
            "targetRef": {"kind": "Pod", "namespace": p["metadata"]["namespace"], "name": p["metadata"]["name"],
                          "uid": p["metadata"]["uid"]}}


def main():
    out = sys.stdout
    out.write('{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n')
    first = True

    def emit(obj):
        nonlocal first
        if not first:
            out.write(",\n")
        first = False
        out.write(json.dumps(obj, separators=(",", ":")))

    for i in range(NODES):
        emit(node(i))
    n = 0
    for s in range(SERVICES):
        ns = f"team-{s % NAMESPACES:02d}"
        app = f"svc-{s:05d}"
        svc_uid = f"svc-uid-{s}"
        selector = {"app": app if s % 50 != 7 else app + "x"}
        emit({"apiVersion": "v1", "kind": "Service",
              "metadata": {"name": app, "namespace": ns, "uid": svc_uid, "creationTimestamp": TS},
              "spec": {"type": "ClusterIP", "clusterIP": ip(0x600000 + s), "clusterIPs": [ip(0x600000 + s)],
                       "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster",
                       "selector": selector, "sessionAffinity": "None",
                       "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}]},
              "status": {"loadBalancer": {}}})
        pods = []
        for j in range(PODS_PER_SERVICE):
            ready = not (s % 100 == 3 and j == 0)
            p = pod(ns, app, j, n, ready)
            n += 1
            pods.append((p, ready))
            emit(p)
        listed = pods if s % 200 != 5 else pods[1:]
        if selector["app"] != app:
            eps, ports = [], None
        else:
            eps = [endpoint(p, r) for p, r in listed]
            ports = [{"name": "http", "port": 8080, "protocol": "TCP"}]
        emit({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
              "metadata": {"name": f"{app}-abcde", "namespace": ns, "generateName": f"{app}-",
                           "labels": {"kubernetes.io/service-name": app,
                                      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"},
                           "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": app, "uid": svc_uid,
                                                "controller": True, "blockOwnerDeletion": True}]},
              "endpoints": eps or None, "ports": ports})
        if not ENDPOINTS:
            continue
        subset = {"addresses": [{"ip": p["status"]["podIP"], "nodeName": p["spec"]["nodeName"],
                                 "targetRef": {"kind": "Pod", "namespace": ns, "name": p["metadata"]["name"],
                                               "uid": p["metadata"]["uid"]}} for p, r in listed if r],
                  "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}
        emit({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": app, "namespace": ns},
              "subsets": [subset] if eps else None})
    out.write("\n]}\n")


if __name__ == "__main__":
    main()
