#!/usr/bin/env python3
"""Generates a large synthetic cluster dump for the `diagnose` benchmark (docs/performance.md).

Deterministic (no randomness): N services, each selecting PODS_PER_SERVICE pods spread over
NODES nodes in 3 zones, and one controller-managed EndpointSlice per Service: what
`kubectl get nodes,services,pods,endpointslices -A -o json` returns. With --endpoints, a legacy
v1 Endpoints object per Service is added too (deprecated since v1.33; not read by kube-proxy). A few Services are broken on purpose so the run produces findings: every 50th has a
selector typo, every 100th has an unready pod, every 200th has a stale slice (a missing pod).

With --pad, every Pod also carries what a real `kubectl get -o json` Pod has and the tool never
reads (managedFields, a last-applied-configuration annotation, env, volumes, tolerations): the
same objects in about twice the bytes, to check that memory follows the objects kept, not the
bytes read. With --yaml the List is written as `kubectl get -o yaml` writes it (block style, keys
sorted, items at column 0 as `- `) instead of JSON.

Usage:  python3 scripts/gen-bench-cluster.py [--endpoints] [--pad] [--yaml] [SERVICES] [PODS_PER_SERVICE] > /tmp/bench-cluster.json
Default: 10000 services x 15 pods = 150000 pods. Output: one `kind: List` in
`kubectl get -o json` form (written compactly, one item per line).
"""
import json
import re
import sys

FLAGS = {"--endpoints", "--pad", "--yaml"}
ENDPOINTS = "--endpoints" in sys.argv
PAD = "--pad" in sys.argv
YAML = "--yaml" in sys.argv
ARGS = [a for a in sys.argv[1:] if a not in FLAGS]
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


def pad(p):
    """What a live Pod carries besides what the tool reads (sizes as in a real v1.32 dump)."""
    meta, spec = p["metadata"], p["spec"]
    meta["annotations"] = {
        "kubectl.kubernetes.io/last-applied-configuration": json.dumps(
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": meta["name"], "namespace": meta["namespace"]},
             "spec": {"template": {"spec": {"containers": spec["containers"]}}}}, separators=(",", ":")),
        "prometheus.io/scrape": "true", "prometheus.io/port": "9090"}
    meta["generateName"] = meta["name"][:-2]
    meta["resourceVersion"] = "123456789"
    meta["managedFields"] = [
        {"apiVersion": "v1", "fieldsType": "FieldsV1", "manager": "kube-controller-manager", "operation": "Update",
         "time": TS, "fieldsV1": {"f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {}, "f:tier": {},
                                                                                   "f:pod-template-hash": {}},
                                                  "f:ownerReferences": {".": {}, f'k:{{"uid":"rs-{meta["name"]}"}}': {}}},
                                  "f:spec": {"f:containers": {'k:{"name":"app"}': {".": {}, "f:env": {}, "f:image": {},
                                                                                  "f:imagePullPolicy": {}, "f:name": {},
                                                                                  "f:ports": {}, "f:readinessProbe": {},
                                                                                  "f:resources": {}, "f:volumeMounts": {}}},
                                             "f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:restartPolicy": {},
                                             "f:schedulerName": {}, "f:securityContext": {}, "f:volumes": {}}}},
        {"apiVersion": "v1", "fieldsType": "FieldsV1", "manager": "kubelet", "operation": "Update", "subresource": "status",
         "time": TS, "fieldsV1": {"f:status": {"f:conditions": {'k:{"type":"ContainersReady"}': {".": {}, "f:status": {}},
                                                               'k:{"type":"Ready"}': {".": {}, "f:status": {}}},
                                              "f:containerStatuses": {}, "f:hostIP": {}, "f:phase": {}, "f:podIP": {},
                                              "f:podIPs": {}, "f:startTime": {}}}}]
    c = spec["containers"][0]
    c["env"] = [{"name": f"SETTING_{k}", "value": f"value-{k}"} for k in range(6)]
    c["resources"] = {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}
    c["volumeMounts"] = [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access",
                          "readOnly": True}]
    c["imagePullPolicy"] = "IfNotPresent"
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    spec.update({"dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "preemptionPolicy": "PreemptLowerPriority",
                 "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler",
                 "securityContext": {}, "serviceAccount": "default", "serviceAccountName": "default",
                 "terminationGracePeriodSeconds": 30,
                 "tolerations": [{"effect": "NoExecute", "key": f"node.kubernetes.io/{t}", "operator": "Exists",
                                  "tolerationSeconds": 300} for t in ("not-ready", "unreachable")],
                 "volumes": [{"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                     {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                     {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                     {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                                 "path": "namespace"}]}}]}}]})
    st = p["status"]
    st.update({"hostIP": "192.168.0.10", "hostIPs": [{"ip": "192.168.0.10"}], "qosClass": "Burstable", "startTime": TS})
    for cond in st["conditions"]:
        cond.update({"lastProbeTime": None, "lastTransitionTime": TS})
    st["containerStatuses"][0].update({"containerID": "containerd://" + "0123456789abcdef" * 4,
                                       "imageID": "docker.io/example/app@sha256:" + "fedcba9876543210" * 4,
                                       "lastState": {}, "started": True})
    return p


def endpoint(p, ready):
    n = int(p["metadata"]["uid"].rsplit("-", 1)[1])
    node_name = p["spec"]["nodeName"]
    return {"addresses": [p["status"]["podIP"]],
            "conditions": {"ready": ready, "serving": ready, "terminating": False},
            "nodeName": node_name, "zone": ZONES[int(node_name.rsplit("-", 1)[1]) % 3],
            "targetRef": {"kind": "Pod", "namespace": p["metadata"]["namespace"], "name": p["metadata"]["name"],
                          "uid": p["metadata"]["uid"]}}


# Scalars kubectl's YAML writer (go-yaml) leaves unquoted; anything else is written as a JSON
# string, which is also a YAML double-quoted scalar.
PLAIN = re.compile(r"^[A-Za-z/_][A-Za-z0-9/._-]*$")
SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if PLAIN.match(v) and v.lower() not in SPECIAL:
        return v
    return json.dumps(v)


def yaml_lines(v, indent, out):
    """Block-style YAML of `v` (a mapping or list), kubectl's layout: sorted keys, list items
    at the indentation of their key."""
    pad_ = " " * indent
    if isinstance(v, dict):
        for k in sorted(v):
            x = v[k]
            key = yaml_scalar(k)
            if isinstance(x, dict) and x:
                out.append(f"{pad_}{key}:")
                yaml_lines(x, indent + 2, out)
            elif isinstance(x, list) and x:
                out.append(f"{pad_}{key}:")
                yaml_lines(x, indent, out)
            else:
                out.append(f"{pad_}{key}: " + ("{}" if x == {} else "[]" if x == [] else yaml_scalar(x)))
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = []
                yaml_lines(x, indent + 2, sub)
                first_line = sub[0][indent + 2:]
                out.append(f"{pad_}- {first_line}")
                out.extend(sub[1:])
            else:
                out.append(f"{pad_}- " + ("{}" if x == {} else "[]" if x == [] else yaml_scalar(x)))


def main():
    out = sys.stdout
    first = True
    if YAML:
        out.write("apiVersion: v1\nitems:\n")

        def emit(obj):
            lines = []
            yaml_lines([obj], 0, lines)
            out.write("\n".join(lines))
            out.write("\n")
    else:
        out.write('{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n')

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
            if PAD:
                pad(p)
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
    if YAML:
        out.write('kind: List\nmetadata:\n  resourceVersion: ""\n')
    else:
        out.write("\n]}\n")


if __name__ == "__main__":
    main()
