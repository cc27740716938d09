#!/usr/bin/env python3
"""Writes examples/fifty-services.json: one namespace (`shop`) with 50 Services, the size at which
`kubectl svcx graph -n shop` must stay readable (docs/graph.md), in `kubectl get -o json` form.

Deterministic. Three nodes in three zones; each Service selects 3 pods with a controller-written
EndpointSlice; an Ingress and an HTTPRoute in front of some; a few broken on purpose:
`checkout` has a NetworkPolicy that lets only 9090 in, `orders` has a pod that is not ready,
`search` has a named targetPort that one pod does not declare, `ratings` has a selector typo,
`ingress shop` names a port `cart` does not have.

Usage: python3 scripts/make-fifty-services.py > examples/fifty-services.json
"""
import json

NS = "shop"
TS = "2026-11-22T12:00:00Z"
ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
NAMES = ["web", "cart", "checkout", "orders", "search", "ratings", "catalog", "payments", "shipping",
         "inventory", "users", "auth", "sessions", "recommend", "reviews", "wishlist", "pricing",
         "promotions", "tax", "currency", "email", "sms", "push", "images", "thumbnails", "cdn-origin",
         "feeds", "sitemap", "analytics", "events", "audit", "billing", "invoices", "refunds", "fraud",
         "loyalty", "gift-cards", "returns", "support", "chat", "faq", "stores", "geo", "translations",
         "flags", "config", "scheduler", "reports", "exports", "admin"]
assert len(NAMES) == 50


def node(i):
    name = f"node-{i + 1}"
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "uid": f"uid-node-{i}",
                         "labels": {"kubernetes.io/hostname": name, "topology.kubernetes.io/zone": ZONES[i]}},
            "status": {"conditions": [{"type": "Ready", "status": "True"}],
                       "nodeInfo": {"kubeletVersion": "v1.32.6"}}}


def ip(n):
    return f"10.244.{n // 250}.{n % 250 + 2}"


def main():
    items = [node(i) for i in range(3)]
    n = 0
    for s, app in enumerate(NAMES):
        uid = f"uid-svc-{app}"
        selector = {"app": "ratngs" if app == "ratings" else app}
        items.append({"apiVersion": "v1", "kind": "Service",
                      "metadata": {"name": app, "namespace": NS, "uid": uid, "creationTimestamp": TS},
                      "spec": {"type": "ClusterIP", "clusterIP": f"10.96.1.{s + 10}", "clusterIPs": [f"10.96.1.{s + 10}"],
                               "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                               "selector": selector, "sessionAffinity": "None",
                               "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}]}})
        endpoints = []
        for j in range(3):
            name = f"{app}-7c9f-{j}"
            ready = not (app == "orders" and j == 0)
            port_name = "web" if (app == "search" and j == 2) else "http"
            node_name = f"node-{(s + j) % 3 + 1}"
            items.append({"apiVersion": "v1", "kind": "Pod",
                          "metadata": {"name": name, "namespace": NS, "uid": f"uid-pod-{n}",
                                       "labels": {"app": app, "pod-template-hash": "7c9f"}, "creationTimestamp": TS},
                          "spec": {"nodeName": node_name, "containers": [
                              {"name": "app", "image": f"example/{app}:1.0",
                               "ports": [{"name": port_name, "containerPort": 8080, "protocol": "TCP"}],
                               "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}]},
                          "status": {"phase": "Running", "podIP": ip(n), "podIPs": [{"ip": ip(n)}],
                                     "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                                     "containerStatuses": [{"name": "app", "ready": ready, "restartCount": 0,
                                                            "image": f"example/{app}:1.0",
                                                            "state": {"running": {"startedAt": TS}}}]}})
            if app != "ratings" and port_name == "http":
                endpoints.append({"addresses": [ip(n)],
                                  "conditions": {"ready": ready, "serving": ready, "terminating": False},
                                  "nodeName": node_name, "zone": ZONES[(s + j) % 3],
                                  "targetRef": {"kind": "Pod", "namespace": NS, "name": name, "uid": f"uid-pod-{n}"}})
            n += 1
        items.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                      "metadata": {"name": f"{app}-x7k2p", "namespace": NS, "generateName": f"{app}-",
                                   "labels": {"kubernetes.io/service-name": app,
                                              "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"},
                                   "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": app, "uid": uid,
                                                        "controller": True, "blockOwnerDeletion": True}]},
                      "endpoints": endpoints or None,
                      "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}] if endpoints or app != "ratings" else None})
    items.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                  "metadata": {"name": "shop", "namespace": NS},
                  "spec": {"ingressClassName": "nginx", "rules": [{"host": "shop.example.com", "http": {"paths": [
                      {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
                      {"path": "/cart", "pathType": "Prefix", "backend": {"service": {"name": "cart", "port": {"number": 8080}}}},
                      {"path": "/checkout", "pathType": "Prefix", "backend": {"service": {"name": "checkout", "port": {"name": "http"}}}},
                      {"path": "/search", "pathType": "Prefix", "backend": {"service": {"name": "search", "port": {"number": 80}}}}]}}]}})
    items.append({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                  "metadata": {"name": "api", "namespace": NS},
                  "spec": {"parentRefs": [{"name": "public"}], "hostnames": ["api.example.com"],
                           "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/orders"}}],
                                      "backendRefs": [{"name": "orders", "port": 80}]},
                                     {"matches": [{"path": {"type": "PathPrefix", "value": "/users"}}],
                                      "backendRefs": [{"name": "users", "port": 80}]}]}})
    items.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                  "metadata": {"name": "checkout-metrics-only", "namespace": NS},
                  "spec": {"podSelector": {"matchLabels": {"app": "checkout"}}, "policyTypes": ["Ingress"],
                           "ingress": [{"ports": [{"port": 9090, "protocol": "TCP"}]}]}})
    print(json.dumps({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items},
                     indent=1))


if __name__ == "__main__":
    main()
