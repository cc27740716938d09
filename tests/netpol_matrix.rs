//! Upstream's NetworkPolicy e2e truth tables, ported: kubernetes/kubernetes
//! `test/e2e/network/netpol/network_policy.go` (commit 008b3652). Each case names the upstream
//! test (`f.It("...")`), uses the pods its `initializeResources` creates (namespaces x, y, z;
//! pods a, b, c labelled `pod=<name>`, one container per port and protocol with the port named
//! `serve-<port>-<proto>`, as upstream's `model.go`), the policies it creates, and its
//! expectations in the order upstream writes them, starting from "everything reachable"
//! (`NewReachability(..., true)`):
//! `FROM -> TO ok|X` with `*` for every pod and `x/*` for every pod of a namespace
//! (`ExpectPeer`, `ExpectAllIngress`, `ExpectAllEgress`, `Expect`). Loopback is not judged,
//! as upstream (`ignoreLoopback`). Every pair of the matrix is compared, so a stray allow or deny
//! anywhere fails the case.
//!
//! The evaluation under test is `svcx::analysis::netpol` on objects read by the real
//! converters, so policyTypes defaulting and peer parsing are exercised too.

use serde_json::{Value, json};
use svcx::analysis::netpol::{Connection, Party, Policies, Verdict, combined};
use svcx::model::{Cluster, Protocol};
use svcx::source::{ConvertStats, decode_documents, objects_to_cluster};

struct Case {
    upstream: &'static str,
    pods: &'static [&'static str],
    stages: &'static [Stage],
}

/// The policies in force (complete set) and the probes run with them.
struct Stage {
    /// Multi-document YAML of NetworkPolicies (each with its namespace).
    policies: &'static str,
    /// Label changes upstream makes before this stage: (`x/b` or `ns/y`, key, value).
    labels: &'static [(&'static str, &'static str, &'static str)],
    probes: &'static [Probe],
}

struct Probe {
    port: i32,
    protocol: &'static str,
    expect: &'static [&'static str],
}

const fn stage(policies: &'static str, probes: &'static [Probe]) -> Stage {
    Stage {
        policies,
        labels: &[],
        probes,
    }
}

const fn tcp(port: i32, expect: &'static [&'static str]) -> Probe {
    Probe {
        port,
        protocol: "TCP",
        expect,
    }
}

const fn proto(protocol: &'static str, port: i32, expect: &'static [&'static str]) -> Probe {
    Probe {
        port,
        protocol,
        expect,
    }
}

fn pod_ip(name: &str) -> String {
    let (ns, pod) = name.split_once('/').unwrap();
    let n = match ns {
        "x" => 1,
        "y" => 2,
        _ => 3,
    };
    let p = match pod {
        "a" => 1,
        "b" => 2,
        _ => 3,
    };
    format!("10.0.{n}.{p}")
}

fn pod_json(name: &str, extra: &[(&str, &str, &str)]) -> Value {
    let (ns, pod) = name.split_once('/').unwrap();
    let mut labels = json!({"pod": pod});
    for (who, k, v) in extra {
        if *who == name {
            labels[*k] = json!(v);
        }
    }
    let mut containers = Vec::new();
    for port in [80, 81] {
        for proto in ["TCP", "UDP", "SCTP"] {
            let lower = proto.to_lowercase();
            containers.push(json!({
                "name": format!("cont-{port}-{lower}"),
                "ports": [{"containerPort": port, "name": format!("serve-{port}-{lower}"), "protocol": proto}]
            }));
        }
    }
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": pod, "namespace": ns, "labels": labels},
        "spec": {"containers": containers},
        "status": {"phase": "Running", "podIP": pod_ip(name), "podIPs": [{"ip": pod_ip(name)}]}
    })
}

fn cluster(pods: &[&str], stage: &Stage) -> Cluster {
    let mut c = Cluster::default();
    let mut stats = ConvertStats::default();
    for ns in ["x", "y", "z"] {
        let mut labels = json!({});
        for (who, k, v) in stage.labels {
            if *who == format!("ns/{ns}") {
                labels[*k] = json!(v);
            }
        }
        let obj = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": labels}});
        objects_to_cluster(obj, &mut c, &mut stats).unwrap();
    }
    for p in pods {
        objects_to_cluster(pod_json(p, stage.labels), &mut c, &mut stats).unwrap();
    }
    if !stage.policies.trim().is_empty() {
        for doc in decode_documents(stage.policies).expect("policies parse") {
            objects_to_cluster(doc.value, &mut c, &mut stats).unwrap();
        }
    }
    c
}

fn matches(pattern: &str, pod: &str) -> bool {
    pattern == "*"
        || pattern == pod
        || pattern
            .strip_suffix("/*")
            .is_some_and(|ns| pod.split_once('/').unwrap().0 == ns)
}

/// Upstream's `Reachability` for the pods, after the expectations.
fn expected(pods: &[&str], expect: &[&str]) -> Vec<Vec<bool>> {
    let mut m = vec![vec![true; pods.len()]; pods.len()];
    for line in expect {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [from, "->", to, verdict] = parts.as_slice() else {
            panic!("bad expectation {line:?}");
        };
        let v = match *verdict {
            "ok" => true,
            "X" => false,
            other => panic!("bad verdict {other:?}"),
        };
        for (i, f) in pods.iter().enumerate() {
            for (j, t) in pods.iter().enumerate() {
                if matches(from, f) && matches(to, t) {
                    m[i][j] = v;
                }
            }
        }
    }
    m
}

fn render(pods: &[&str], m: &[Vec<Option<bool>>]) -> String {
    let mut s = format!("{:5}", "");
    for p in pods {
        s.push_str(&format!("{p:5}"));
    }
    s.push('\n');
    for (i, f) in pods.iter().enumerate() {
        s.push_str(&format!("{f:5}"));
        for v in &m[i] {
            s.push_str(match v {
                None => "-    ",
                Some(true) => ".    ",
                Some(false) => "X    ",
            });
        }
        s.push('\n');
    }
    s
}

fn run(case: &Case) -> Result<(), String> {
    for (si, stage) in case.stages.iter().enumerate() {
        let c = cluster(case.pods, stage);
        let policies = Policies::new(&c.network_policies, &c.namespaces);
        let pod = |name: &str| {
            let (ns, p) = name.split_once('/').unwrap();
            c.pod(ns, p).unwrap()
        };
        for probe in stage.probes {
            let protocol = Protocol::parse(Some(probe.protocol));
            let want = expected(case.pods, probe.expect);
            let mut got = vec![vec![None; case.pods.len()]; case.pods.len()];
            let mut wanted = got.clone();
            let mut wrong = false;
            for (i, f) in case.pods.iter().enumerate() {
                for (j, t) in case.pods.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    let conn = Connection {
                        from: Party::pod(pod(f)),
                        to: Party::pod(pod(t)),
                        port: probe.port,
                        protocol: &protocol,
                    };
                    let verdict = combined(&policies.connection(&conn));
                    let allowed = match verdict {
                        Verdict::Allowed => true,
                        Verdict::Denied => false,
                        Verdict::Unknown(why) => return Err(format!("{f} -> {t}: unknown: {why}")),
                    };
                    got[i][j] = Some(allowed);
                    wanted[i][j] = Some(want[i][j]);
                    wrong |= allowed != want[i][j];
                }
            }
            if wrong {
                return Err(format!(
                    "stage {} port {}/{}\nexpected:\n{}got:\n{}",
                    si + 1,
                    probe.port,
                    probe.protocol,
                    render(case.pods, &wanted),
                    render(case.pods, &got)
                ));
            }
        }
    }
    Ok(())
}

const DENY_INGRESS_X: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
";

const DENY_ALL_X: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
";

const ALL_NS: &str = "kubernetes.io/metadata.name";

const CASES: &[Case] = &[
    Case {
        upstream: "should support a 'default-deny-ingress' policy",
        pods: &["x/a", "x/b", "y/a", "y/b"],
        stages: &[stage(DENY_INGRESS_X, &[tcp(80, &["* -> x/* X"])])],
    },
    Case {
        upstream: "should support a 'default-deny-all' policy",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(DENY_ALL_X, &[tcp(80, &["* -> x/* X", "x/* -> * X"])])],
    },
    Case {
        upstream: "should enforce policy to allow traffic from pods within server namespace based on PodSelector",
        pods: &["x/a", "x/b", "x/c", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: x-a-allows-x-b, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]
",
            &[tcp(80, &["* -> x/a X", "x/b -> x/a ok"])],
        )],
    },
    Case {
        upstream: "should enforce policy to allow ingress traffic for a target",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-to-a, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {}, namespaceSelector: {}}]}]
",
            &[tcp(80, &["* -> x/a ok", "* -> x/b X"])],
        )],
    },
    Case {
        upstream: "should enforce policy to allow ingress traffic from pods in all namespaces",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-from-another-ns, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {}}}]}]
",
            &[tcp(80, &[])],
        )],
    },
    Case {
        upstream: "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]}]
",
            &[tcp(80, &["x/* -> x/a X", "z/* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on PodSelector with MatchExpressions",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: x-a-allows-x-b, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}}]}]
",
            &[tcp(80, &["* -> x/a X", "x/b -> x/a ok"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on NamespaceSelector with MatchExpressions",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-match-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: ['y']}]}}]}]
",
            &[tcp(80, &["x/* -> x/a X", "z/* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on PodSelector or NamespaceSelector",
        pods: &["x/a", "x/b", "x/c", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-match-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}
    - podSelector: {matchLabels: {pod: b}}
",
            &[tcp(80, &["x/a -> x/a X", "x/c -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on PodSelector and NamespaceSelector",
        pods: &["x/a", "x/b", "y/a", "y/b", "z/b"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-podselector-and-nsselector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}
      podSelector: {matchLabels: {pod: b}}
",
            &[tcp(80, &["* -> x/a X", "y/b -> x/a ok", "z/b -> x/a ok"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on Multiple PodSelectors and NamespaceSelectors",
        pods: &["x/a", "x/b", "y/a", "y/b", "y/c"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-z-pod-b-c, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}
      podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}
",
            &[tcp(80, &["x/* -> x/a X", "y/a -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on any PodSelectors",
        pods: &["x/a", "x/b", "x/c"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-x-pod-b-c, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: c}}}]}]
",
            &[tcp(80, &["* -> x/a X", "x/b -> x/a ok", "x/c -> x/a ok"])],
        )],
    },
    Case {
        upstream: "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
        pods: &["x/a", "x/b", "y/a", "y/b", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-pod-a-via-namespace-pod-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}, podSelector: {matchLabels: {pod: a}}}]}]
",
            &[tcp(80, &["* -> x/a X", "y/a -> x/a ok"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on Ports",
        pods: &["x/a", "x/b", "y/a", "y/b", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: 81, protocol: TCP}]
",
            &[tcp(81, &["x/* -> x/a X", "y/* -> x/a ok", "z/* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce multiple, stacked policies with overlapping podSelectors",
        pods: &["x/a", "x/b", "y/a", "y/b", "z/a"],
        stages: &[
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: 81, protocol: TCP}]
",
                &[
                    tcp(81, &["x/* -> x/a X", "y/* -> x/a ok", "z/* -> x/a X"]),
                    tcp(80, &["* -> x/a X"]),
                ],
            ),
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: 81, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector-80, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: 80, protocol: TCP}]
",
                &[tcp(80, &["x/* -> x/a X", "y/* -> x/a ok", "z/* -> x/a X"])],
            ),
        ],
    },
    Case {
        upstream: "should support allow-all policy",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}
",
            &[tcp(80, &[]), tcp(81, &[])],
        )],
    },
    Case {
        upstream: "should allow ingress access on one named port",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{ports: [{port: serve-81-tcp}]}]}
",
            &[tcp(81, &[]), tcp(80, &["* -> x/* X"])],
        )],
    },
    Case {
        upstream: "should allow ingress access from namespace on one named port",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector-80, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: serve-80-tcp, protocol: TCP}]
",
            &[
                tcp(80, &["x/* -> x/a X", "z/* -> x/a X"]),
                tcp(81, &["* -> x/a X"]),
            ],
        )],
    },
    Case {
        upstream: "should allow egress access on one named port",
        pods: &["x/a", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress, namespace: x}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: serve-80-tcp}]}]}
",
            &[tcp(80, &[]), tcp(81, &["x/* -> * X"])],
        )],
    },
    Case {
        upstream: "should enforce updated policy",
        pods: &["x/a", "y/a"],
        stages: &[
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-mutate-to-deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}
",
                &[tcp(81, &[])],
            ),
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-mutate-to-deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: []}
",
                &[tcp(81, &["* -> x/* X"])],
            ),
        ],
    },
    Case {
        upstream: "should allow ingress access from updated namespace",
        pods: &["x/a", "y/a"],
        stages: &[
            stage(UPDATED_NS, &[tcp(80, &["* -> x/a X"])]),
            Stage {
                policies: UPDATED_NS,
                labels: &[("ns/y", "ns2", "updated")],
                probes: &[tcp(80, &["* -> x/a X", "y/* -> * ok"])],
            },
        ],
    },
    Case {
        upstream: "should allow ingress access from updated pod",
        pods: &["x/a", "x/b"],
        stages: &[
            stage(UPDATED_POD, &[tcp(80, &["* -> x/a X"])]),
            Stage {
                policies: UPDATED_POD,
                labels: &[("x/b", "pod2", "updated")],
                probes: &[tcp(80, &["* -> x/a X", "x/b -> x/a ok"])],
            },
        ],
    },
    Case {
        upstream: "should deny ingress from pods on other namespaces",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-empty-policy, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {}}}]}]}
",
            &[tcp(80, &["y/* -> x/* X", "z/* -> x/* X"])],
        )],
    },
    Case {
        upstream: "should deny ingress access to updated pod",
        pods: &["x/a", "y/a"],
        stages: &[
            stage(ISOLATED_TARGET, &[tcp(80, &[])]),
            Stage {
                policies: ISOLATED_TARGET,
                labels: &[("x/a", "target", "isolated")],
                probes: &[tcp(80, &["* -> x/a X"])],
            },
        ],
    },
    Case {
        upstream: "should deny egress from pods based on PodSelector",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress-pod-a, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress]}
",
            &[tcp(80, &["x/a -> * X"])],
        )],
    },
    Case {
        upstream: "should deny egress from all pods in a namespace",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress-ns-x, namespace: x}
spec: {podSelector: {}, policyTypes: [Egress]}
",
            &[tcp(80, &["x/* -> * X"])],
        )],
    },
    Case {
        upstream: "should work with Ingress, Egress specified together",
        pods: &["x/a", "x/b", "x/c", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-pod-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress, Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]
  egress: [{ports: [{port: 80}]}]
",
            &[
                tcp(80, &["* -> x/a X", "x/b -> x/a ok"]),
                tcp(81, &["* -> x/a X", "x/a -> * X", "x/b -> x/a ok"]),
            ],
        )],
    },
    Case {
        upstream: "should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)",
        pods: &["x/a", "y/a", "y/b"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-to-ns-y-pod-a, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}, podSelector: {matchLabels: {pod: a}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-from-xa-on-ya-match-selector, namespace: 'y'}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {pod: a}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-from-xa-on-yb-match-selector, namespace: 'y'}
spec:
  podSelector: {matchLabels: {pod: b}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {pod: a}}}]}]
",
            &[tcp(
                80,
                &["x/a -> * X", "* -> y/a X", "x/a -> y/a ok", "* -> y/b X"],
            )],
        )],
    },
    Case {
        upstream: "should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector",
        pods: &["x/a", "y/a", "y/b"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-to-ns-y-pod-a, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}, podSelector: {matchLabels: {pod: a}}}]}]
",
            &[tcp(80, &["x/a -> * X", "x/a -> y/a ok"])],
        )],
    },
    Case {
        upstream: "should enforce ingress policy allowing any port traffic to a server on a specific protocol",
        pods: &["x/a", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ingress-by-proto, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{ports: [{protocol: TCP}]}]
",
            &[tcp(80, &[]), proto("UDP", 80, &["* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce multiple ingress policies with ingress allow-all policy taking precedence",
        pods: &["x/a", "y/a"],
        stages: &[
            stage(ALLOW_INGRESS_80, &[tcp(81, &["* -> x/* X"])]),
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ingress-port-80, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{ports: [{port: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ingress, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}
",
                &[tcp(81, &[])],
            ),
        ],
    },
    Case {
        upstream: "should enforce multiple egress policies with egress allow-all policy taking precedence",
        pods: &["x/a", "y/a"],
        stages: &[
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress-port-80, namespace: x}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 80}]}]}
",
                &[tcp(81, &["x/* -> * X"])],
            ),
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress-port-80, namespace: x}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress, namespace: x}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{}]}
",
                &[tcp(81, &[])],
            ),
        ],
    },
    Case {
        upstream: "should stop enforcing policies after they are deleted",
        pods: &["x/a", "y/a"],
        stages: &[
            stage(DENY_ALL_X, &[tcp(80, &["x/* -> * X", "* -> x/* X"])]),
            stage("", &[tcp(80, &[])]),
        ],
    },
    Case {
        upstream: "should allow egress access to server in CIDR block",
        pods: &["x/a", "y/a", "y/b"],
        stages: &[stage(
            // y/b's pod IP as a host CIDR.
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.0.2.2/32}}]}]
",
            &[tcp(80, &["x/a -> * X", "x/a -> y/b ok"])],
        )],
    },
    Case {
        upstream: "should enforce except clause while egress access to server in CIDR block",
        pods: &["x/a", "x/b", "x/c"],
        stages: &[stage(
            // makeLargeCIDRForIP(x/b's IP), except x/b's IP.
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.2/32]}}]}]
",
            &[tcp(80, &["x/a -> x/b X"])],
        )],
    },
    Case {
        upstream: "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed",
        pods: &["x/a", "x/b", "x/c"],
        stages: &[
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.2/32]}}]}]
",
                &[tcp(80, &["x/a -> x/b X"])],
            ),
            // UpdatePolicy replaces it (same name) with one allowing x/b's IP alone.
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.0.1.2/32}}]}]
",
                &[tcp(80, &["x/a -> * X", "x/a -> x/b ok"])],
            ),
        ],
    },
    Case {
        upstream: "should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[
            stage(ALLOW_EGRESS_FOR_TARGET, &[tcp(80, &[])]),
            stage(
                "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress-for-target, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress-via-label-selector, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress]}
",
                &[tcp(80, &["* -> x/a X"])],
            ),
        ],
    },
    Case {
        upstream: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
        pods: &["x/a", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-only-sctp-ingress-on-port-81, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: 81, protocol: SCTP}]}]
",
            &[tcp(81, &["* -> x/* X"])],
        )],
    },
    Case {
        upstream: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
        pods: &["x/a", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-only-sctp-ingress-on-port-80, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: 80, protocol: SCTP}]}]
",
            &[tcp(81, &["* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should not allow access by TCP when a policy specifies only UDP",
        pods: &["x/a", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-only-udp-ingress-on-port-81, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: 81, protocol: UDP}]}]
",
            &[tcp(81, &["* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector-for-immutable-ns-label, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]}]
",
            &[tcp(80, &["x/* -> x/a X", "z/* -> x/a X"])],
        )],
    },
    Case {
        upstream: "should enforce policy based on NamespaceSelector with MatchExpressions using default ns label",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-match-selector-for-immutable-ns-label, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: ['y']}]}}]}]
",
            &[tcp(80, &["x/a -> y/* X"])],
        )],
    },
    // "NetworkPolicy between server and client using UDP" / "... using SCTP".
    Case {
        upstream: "using UDP: should support a 'default-deny-ingress' policy",
        pods: &["x/a", "x/b", "y/a", "y/b"],
        stages: &[stage(DENY_ALL_INGRESS_X, &[proto("UDP", 80, &["* -> x/* X"])])],
    },
    Case {
        upstream: "using UDP: should enforce policy based on Ports",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ingress-on-port-81-ns-x, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: 81, protocol: UDP}]
",
            &[proto("UDP", 81, &["x/* -> x/a X", "z/* -> x/a X"])],
        )],
    },
    Case {
        upstream: "using SCTP: should support a 'default-deny-ingress' policy",
        pods: &["x/a", "x/b", "y/a", "y/b"],
        stages: &[stage(DENY_ALL_INGRESS_X, &[proto("SCTP", 80, &["* -> x/* X"])])],
    },
    Case {
        upstream: "using SCTP: should enforce policy based on Ports",
        pods: &["x/a", "x/b", "y/a", "z/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ingress-on-port-81-ns-x, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}}]
    ports: [{port: 81, protocol: SCTP}]
",
            &[proto("SCTP", 81, &["x/* -> x/a X", "z/* -> x/a X"])],
        )],
    },
    Case {
        upstream: "using SCTP: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y-pod-a-via-namespace-pod-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: 'y'}}, podSelector: {matchLabels: {pod: a}}}]}]
",
            &[proto("SCTP", 80, &["* -> x/a X", "y/a -> x/a ok"])],
        )],
    },
];

const DENY_ALL_INGRESS_X: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
";

const UPDATED_NS: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-ns-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns2: updated}}}]}]
";

const UPDATED_POD: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client-a-via-pod-selector, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {pod: b, pod2: updated}}}]}]
";

const ISOLATED_TARGET: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress-via-label-selector, namespace: x}
spec: {podSelector: {matchLabels: {target: isolated}}, policyTypes: [Ingress]}
";

const ALLOW_INGRESS_80: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ingress-port-80, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{ports: [{port: 80}]}]}
";

const ALLOW_EGRESS_FOR_TARGET: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress-for-target, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{}]}
";

#[test]
fn upstream_e2e_matrices() {
    assert!(CASES.len() >= 25, "at least 25 upstream cases");
    let _ = ALL_NS;
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|c| run(c).err().map(|e| format!("{:?}: {e}", c.upstream)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The harness itself: a wrong expectation must fail (guards against a vacuous comparison).
#[test]
fn a_wrong_expectation_fails() {
    const WRONG: Case = Case {
        upstream: "deliberately wrong",
        pods: &["x/a", "y/a"],
        stages: &[stage(DENY_INGRESS_X, &[tcp(80, &[])])],
    };
    let err = run(&WRONG).unwrap_err();
    assert!(
        err.contains("y/a  .    -    \n") || err.contains("got:"),
        "{err}"
    );
}

/// policyTypes defaulting, ipBlock host bits, endPort: what the API server stores, checked on
/// the same model (not upstream e2e cases).
#[test]
fn policy_types_default_and_ranges() {
    const CASE: Case = Case {
        upstream: "svcx: no policyTypes with egress rules means Ingress and Egress; endPort; host bits",
        pods: &["x/a", "x/b", "y/a"],
        stages: &[stage(
            "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: both, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  egress: [{ports: [{port: 79, endPort: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: host-bits, namespace: 'y'}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {cidr: 10.0.1.200/24}}]}]
",
            &[
                // x/a: ingress isolated with no rules, egress only 79-80; y/a admits 10.0.1.0/24 (x).
                tcp(80, &["* -> x/a X", "z/* -> y/* X", "x/b -> y/a ok"]),
                tcp(81, &["* -> x/a X", "x/a -> * X"]),
            ],
        )],
    };
    run(&CASE).unwrap();
}
