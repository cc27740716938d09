//! Manifest-mode edge cases on small inline manifests: each case is one rule of a check, with
//! the Kubernetes behaviour it follows named in the check's module.

use crate::diagnose::{codes, finding, objects};
use pretty_assertions::assert_eq;
use std::collections::{BTreeMap, BTreeSet};
use svcx::analysis::{DiagnoseOptions, Diagnosis, Scope, Severity, diagnose};
use svcx::model::Cluster;
use svcx::source::{ConvertStats, decode_documents, objects_to_cluster};

/// Diagnoses multi-document YAML with the newest rules.
fn run(yaml: &str) -> Diagnosis {
    let mut cluster = Cluster::default();
    let mut stats = ConvertStats::default();
    for doc in decode_documents(yaml).unwrap() {
        objects_to_cluster(doc.value, &mut cluster, &mut stats).unwrap();
    }
    diagnose(&cluster, &Scope::All, &DiagnoseOptions::default())
}

fn codes_of(d: &Diagnosis, svc: &str) -> BTreeSet<String> {
    codes(d)
        .remove(svc)
        .unwrap_or_else(|| panic!("no service {svc}"))
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| (*c).to_string()).collect()
}

fn deployment(name: &str, labels: &str, ports: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: ns}}
spec:
  selector: {{matchLabels: {labels}}}
  template:
    metadata: {{labels: {labels}}}
    spec:
      containers:
      - name: app
        ports: {ports}
        readinessProbe: {{tcpSocket: {{port: 1}}}}
"
    )
}

fn service(name: &str, selector: &str, ports: &str) -> String {
    format!(
        "apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: ns}}
spec:
  selector: {selector}
  ports: {ports}
"
    )
}

fn docs(parts: &[String]) -> String {
    parts.join("---\n")
}

#[test]
fn named_target_port_needs_name_and_protocol_per_template() {
    let d = run(&docs(&[
        service(
            "dns",
            "{app: dns}",
            "[{name: dns, port: 53, protocol: UDP, targetPort: dns}]",
        ),
        deployment(
            "dns-a",
            "{app: dns, v: a}",
            "[{name: dns, containerPort: 5353, protocol: UDP}]",
        ),
        deployment(
            "dns-b",
            "{app: dns, v: b}",
            "[{name: dns, containerPort: 53}]",
        ),
    ]));
    assert_eq!(
        codes_of(&d, "ns/dns"),
        set(&["named-target-port-unresolved"])
    );
    let f = finding(&d, "ns/dns", "named-target-port-unresolved");
    // dns-a resolves it, so the Service is degraded, not down.
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(objects(f), ["Deployment/dns-b"]);
    assert_eq!(
        f.details,
        ["Deployment dns-b: \"dns\" exists with another protocol (dns/TCP)"]
    );
    assert!(
        f.message
            .contains("the pod templates of 1 of the 2 selected workloads")
    );
}

#[test]
fn near_misses_include_matching_templates_of_other_namespaces() {
    let d = run(&docs(&[
        service("web", "{app: web}", "[{port: 80}]"),
        deployment("web", "{app: web}", "[]").replace("namespace: ns", "namespace: other"),
    ]));
    // No workload in ns, but the one it describes is in the input, in another namespace: an
    // error, with the near miss.
    assert_eq!(
        codes_of(&d, "ns/web"),
        set(&["selector-matches-no-pods", "selector-near-miss"])
    );
    let f = finding(&d, "ns/web", "selector-near-miss");
    assert_eq!(objects(f), ["Deployment/other/web"]);
    assert_eq!(
        f.details,
        [
            "Deployment other/web: its pod template matches (1 replica, the default) but it lives in namespace other (a Service selects only pods of its own namespace)"
        ]
    );
    // Never "none of the 0 workloads".
    assert_eq!(
        finding(&d, "ns/web", "selector-matches-no-pods").message,
        "The selector app=web matches no pod template in namespace ns (the input holds no workload there), only 1 workload in other namespaces, and a Service selects only pods of its own namespace, so it would have no endpoints."
    );
}

#[test]
fn statefulset_governing_service_must_be_headless_and_select_it() {
    let sts = |name: &str, service: &str| {
        format!(
            "apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: {name}, namespace: ns}}
spec:
  serviceName: {service}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec: {{containers: [{{name: c, readinessProbe: {{exec: {{command: [\"true\"]}}}}}}]}}
"
        )
    };
    let d = run(&docs(&[
        sts("good", "good-hl"),
        service("good-hl", "{app: good}", "[{port: 1}]").replace("spec:\n", "spec:\n  clusterIP: None\n"),
        sts("wrongsel", "wrongsel-hl"),
        service("wrongsel-hl", "{app: other}", "[{port: 1}]").replace("spec:\n", "spec:\n  clusterIP: None\n"),
        sts("nosel", "nosel-hl"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: nosel-hl, namespace: ns}\nspec: {clusterIP: None}\n".to_string(),
    ]));
    assert_eq!(codes_of(&d, "ns/good-hl"), set(&[]));
    assert_eq!(
        codes_of(&d, "ns/wrongsel-hl"),
        set(&["selector-matches-no-pods", "statefulset-service-mismatch"])
    );
    let f = finding(&d, "ns/wrongsel-hl", "statefulset-service-mismatch");
    assert!(
        f.message
            .contains("the Service's selector app=other does not match the pod template's labels (app=wrongsel)"),
        "{}",
        f.message
    );
    assert_eq!(objects(f), ["StatefulSet/wrongsel"]);
    // Selector-less and without endpoints: two findings, one about the StatefulSet.
    assert_eq!(
        codes_of(&d, "ns/nosel-hl"),
        set(&[
            "service-without-selector-no-endpoints",
            "statefulset-service-mismatch"
        ])
    );
    assert!(
        finding(&d, "ns/nosel-hl", "statefulset-service-mismatch")
            .message
            .contains("the Service has no selector")
    );
    assert!(d.unattached.is_empty());
}

#[test]
fn route_backends_need_a_port_and_ingress_ports_match_by_name_or_number() {
    let d = run(&docs(&[
        service(
            "web",
            "{app: web}",
            "[{name: http, port: 80, targetPort: 8080}]",
        ),
        deployment("web", "{app: web}", "[{containerPort: 8080}]"),
        "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  rules:
  - backendRefs: [{name: web}]
  - backendRefs: [{name: web, port: 80}, {group: example.com, kind: Bucket, name: web}]
"
        .to_string(),
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: ns}
spec:
  defaultBackend: {service: {name: web, port: {name: http}}}
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"
        .to_string(),
    ]));
    assert_eq!(codes_of(&d, "ns/web"), set(&["route-backend-missing"]));
    let f = finding(&d, "ns/web", "route-backend-missing");
    assert!(
        f.message.starts_with(
            "HTTPRoute r, rules[0], names this Service without a port, which a Service backend requires (the Service has 80 \"http\") (did you mean port 80?)"
        ),
        "{}",
        f.message
    );
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn externalname_backends_are_checked_by_name_only() {
    let d = run(&docs(&[
        "apiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: ns}\nspec: {type: ExternalName, externalName: api.example.com}\n".to_string(),
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: ns}
spec: {defaultBackend: {service: {name: ext, port: {number: 443}}}}
"
        .to_string(),
    ]));
    assert_eq!(
        codes(&d),
        BTreeMap::from([("ns/ext".to_string(), set(&[]))])
    );
    assert!(d.unattached.is_empty());
}

#[test]
fn network_policies_taken_together() {
    let base = || {
        vec![
            service(
                "web",
                "{app: web}",
                "[{name: http, port: 80, targetPort: http}]",
            ),
            deployment(
                "web",
                "{app: web, tier: fe}",
                "[{name: http, containerPort: 8080}]",
            ),
        ]
    };
    let policy = |name: &str, selector: &str, ingress: &str| {
        format!(
            "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: {name}, namespace: ns}}
spec:
  podSelector: {selector}
  ingress: {ingress}
"
        )
    };
    let blocked = |extra: &[String]| {
        let mut all = base();
        all.extend_from_slice(extra);
        let d = run(&docs(&all));
        codes_of(&d, "ns/web").contains("network-policy-blocks-target-port")
    };
    // An empty ingress list allows nothing; another policy's rule for the port lets it in.
    let deny = policy("deny", "{}", "[]");
    assert!(blocked(std::slice::from_ref(&deny)));
    assert!(!blocked(&[
        deny.clone(),
        policy(
            "allow",
            "{matchLabels: {app: web}}",
            "[{ports: [{port: 8080}]}]"
        )
    ]));
    // Named ports resolve on the template's containers.
    assert!(!blocked(&[policy(
        "named",
        "{}",
        "[{ports: [{port: http}]}]"
    )]));
    assert!(blocked(&[policy(
        "other-name",
        "{}",
        "[{ports: [{port: metrics}]}]"
    )]));
    // Ranges, protocols, rules without ports.
    assert!(!blocked(&[policy(
        "range",
        "{}",
        "[{ports: [{port: 8000, endPort: 8080}]}]"
    )]));
    assert!(blocked(&[policy(
        "range-low",
        "{}",
        "[{ports: [{port: 8000, endPort: 8079}]}]"
    )]));
    assert!(blocked(&[policy(
        "udp",
        "{}",
        "[{ports: [{port: 8080, protocol: UDP}]}]"
    )]));
    assert!(!blocked(&[policy(
        "any-port",
        "{}",
        "[{from: [{podSelector: {}}]}]"
    )]));
    // matchExpressions are evaluated: NotIn fe does not select the template.
    assert!(!blocked(&[policy(
        "not-fe",
        "{matchExpressions: [{key: tier, operator: NotIn, values: [fe]}]}",
        "[]"
    )]));
    assert!(blocked(&[policy(
        "fe",
        "{matchExpressions: [{key: tier, operator: In, values: [fe]}]}",
        "[]"
    )]));
    // A policy of another namespace, or for egress only, does not isolate these pods.
    assert!(!blocked(&[
        policy("elsewhere", "{}", "[]").replace("namespace: ns", "namespace: other")
    ]));
    assert!(!blocked(&[
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress, namespace: ns}\nspec: {podSelector: {}, policyTypes: [Egress]}\n".to_string()
    ]));
}

#[test]
fn a_route_file_without_any_service_of_its_namespace_warns_instead_of_calling_it_missing() {
    let route = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  rules:
  - backendRefs: [{name: web, port: 80}]
";
    let ingress = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: ns}
spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
";
    // Alone: the Services may well come from another file.
    let d = run(&docs(&[route.to_string(), ingress.to_string()]));
    let found: Vec<(String, Severity)> = d
        .unattached
        .iter()
        .map(|f| (f.code.to_string(), f.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("ingress-backend-missing".to_string(), Severity::Warning),
            ("route-backend-missing".to_string(), Severity::Warning),
        ]
    );
    assert!(
        d.unattached[1].message.contains(
            "sends traffic to Service web, and the input holds no Service in namespace ns: if web does not come from another file,"
        ),
        "{}",
        d.unattached[1].message
    );
    // With another Service of the namespace in the input, `web` is missing for sure.
    let d = run(&docs(&[
        route.to_string(),
        ingress.to_string(),
        service("api", "{app: api}", "[{port: 80}]"),
    ]));
    assert!(
        d.unattached.iter().all(|f| f.severity == Severity::Error
            && f.message.contains("which does not exist in namespace ns")),
        "{:#?}",
        d.unattached
    );
    assert_eq!(d.unattached.len(), 2);
}

#[test]
fn hand_made_slice_ports_must_carry_the_service_ports_name() {
    let svc = "apiVersion: v1
kind: Service
metadata: {name: ext, namespace: ns}
spec: {ports: [{name: web, port: 80}, {name: metrics, port: 9100}]}
";
    let slice = |ports: &str| {
        format!(
            "apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {{name: ext-1, namespace: ns, labels: {{kubernetes.io/service-name: ext}}}}
addressType: IPv4
ports: {ports}
endpoints: [{{addresses: [10.0.0.1]}}]
"
        )
    };
    // An unnamed slice port (`""` once applied) serves no named Service port; `web` is served,
    // `metrics` is not.
    let d = run(&docs(&[
        svc.to_string(),
        slice("[{port: 80}, {name: web, port: 8080}]"),
    ]));
    let f = finding(&d, "ns/ext", "service-without-selector-no-endpoints");
    assert_eq!(
        f.message,
        "The Service has no selector and its EndpointSlices hold endpoints, but no slice port matches its port 9100 \"metrics\"/TCP by name and protocol (the slices' ports: \"web\" 8080/TCP, (unnamed) 80/TCP): kube-proxy gives a Service port only the endpoints of slice ports with its name, so traffic to it goes nowhere."
    );
    assert_eq!(objects(f), ["EndpointSlice/ext-1"]);
    // Every port named as the Service's (and of its protocol): nothing to say.
    let d = run(&docs(&[
        svc.to_string(),
        slice("[{name: web, port: 8080}, {name: metrics, port: 9100, protocol: TCP}]"),
    ]));
    assert!(
        !codes_of(&d, "ns/ext").contains("service-without-selector-no-endpoints"),
        "{:?}",
        codes_of(&d, "ns/ext")
    );
    // The right name but UDP: not the Service's TCP port.
    let d = run(&docs(&[
        svc.to_string(),
        slice("[{name: web, port: 8080}, {name: metrics, port: 9100, protocol: UDP}]"),
    ]));
    assert!(codes_of(&d, "ns/ext").contains("service-without-selector-no-endpoints"));
}

#[test]
fn apps_workloads_must_select_their_own_template() {
    let d = run("apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: webapp}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ns}
spec:
  serviceName: db
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: expr, namespace: ns}
spec:
  selector: {matchExpressions: [{key: app, operator: In, values: [expr, other]}]}
  template:
    metadata: {labels: {app: expr}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: ns}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
");
    let refused: Vec<(String, String)> = d
        .unattached
        .iter()
        .filter(|f| f.code.to_string() == "invalid-object")
        .map(|f| (objects(f).join(","), f.message.clone()))
        .collect();
    assert_eq!(
        refused,
        [
            (
                "Deployment/web".to_string(),
                "The API server would refuse Deployment web, so it never exists in the cluster: spec.template.metadata.labels are app=webapp, which spec.selector does not match (`selector` does not match template `labels`).".to_string()
            ),
            (
                "StatefulSet/db".to_string(),
                "The API server would refuse StatefulSet db, so it never exists in the cluster: spec.selector is missing or empty: an apps/v1 workload must select the pods it makes (spec.selector: Required value).".to_string()
            ),
        ]
    );
}

#[test]
fn a_pod_manifest_is_named_without_a_replica_count() {
    let d = run(&docs(&[
        service("web", "{app: web}", "[{port: 80}]"),
        "apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ns, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
"
        .to_string(),
    ]));
    let f = finding(&d, "ns/web", "readiness-probe-missing");
    assert!(
        f.message
            .starts_with("Container web of Pod web serves Service web without a readinessProbe"),
        "{}",
        f.message
    );
}
