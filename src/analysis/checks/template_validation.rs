//! `invalid-object` for workloads: what `pkg/apis/core/validation/validation.go`
//! `validateContainerPorts` refuses in a pod template's container ports: a `containerPort` in
//! 1-65535, and a `name` that is a valid port name (`IsValidPortName`: at most 15 characters of
//! a-z, 0-9 and `-`, with a letter), unique within the container. A refused Deployment (or any
//! workload) makes no pods, so the Services selecting it get no endpoints.
//!
//! Workloads made by another object of the input (a Deployment's ReplicaSets, a CronJob's Jobs)
//! are left out: they are cluster state, and their owner's template is judged.

use super::api_rules::{port_name, port_number};
use super::invalid_object::{Violation, finding};
use super::templates::workload_ref;
use crate::analysis::finding::Finding;
use crate::model::{Container, Workload, WorkloadKind};

const CITES: &str = "pkg/apis/core/validation `validateContainerPorts`; pkg/apis/apps/validation `ValidateDeploymentSpec` and `ValidatePodTemplateSpecForReplicaSet` (selector)";

/// The workload's pod template as the API server would judge its container ports.
pub(super) fn check_template_valid(w: &Workload) -> Option<Finding> {
    if w.owner.is_some() {
        return None;
    }
    let spec = match w.kind {
        Some(WorkloadKind::CronJob) => "spec.jobTemplate.spec.template.spec",
        _ => "spec.template.spec",
    };
    let mut out = Vec::new();
    if !w.live
        && let Some((field, why)) = &w.selector_refused
    {
        out.push(Violation::new(field.clone(), why.clone()));
    }
    for (i, c) in w.template.containers.iter().enumerate() {
        out.extend(port_violations(&format!("{spec}.containers[{i}]"), c));
    }
    for c in w.template.sidecars() {
        out.extend(port_violations(
            &format!("{spec}.initContainers[name={}]", c.name),
            c,
        ));
    }
    finding(&workload_ref(w), None, &out, CITES)
}

fn port_violations(at: &str, c: &Container) -> Vec<Violation> {
    let mut out = Vec::new();
    for (j, p) in c.ports.iter().enumerate() {
        let field = |f: &str| format!("{at}.ports[{j}].{f}");
        if p.port == 0 {
            out.push(Violation::new(
                field("containerPort"),
                "is required (1-65535)",
            ));
        } else if let Some(why) = port_number(p.port) {
            out.push(Violation::new(field("containerPort"), why));
        }
        let Some(name) = &p.name else { continue };
        if let Some(why) = port_name(name) {
            out.push(Violation::new(field("name"), why));
        } else if let Some(k) = c.ports[..j]
            .iter()
            .position(|q| q.name.as_deref() == Some(name))
        {
            out.push(Violation::new(
                field("name"),
                format!("is {name:?}, already the name of ports[{k}] of this container"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContainerPort, Pod, Protocol};

    fn deployment(ports: &[(&str, i32)]) -> Workload {
        Workload {
            kind: Some(WorkloadKind::Deployment),
            namespace: "d".into(),
            name: "web".into(),
            template: Pod {
                containers: vec![Container {
                    name: "web".into(),
                    ports: ports
                        .iter()
                        .map(|(n, p)| ContainerPort {
                            name: (!n.is_empty()).then(|| (*n).into()),
                            port: *p,
                            protocol: Protocol::Tcp,
                        })
                        .collect(),
                    has_readiness_probe: true,
                    ready: None,
                    state: None,
                }],
                ..Pod::default()
            },
            ..Workload::default()
        }
    }

    #[test]
    fn container_port_names_and_numbers() {
        assert_eq!(
            check_template_valid(&deployment(&[("http", 8080), ("", 9090)])),
            None
        );
        let f = check_template_valid(&deployment(&[
            ("prometheus-metrics", 9090),
            ("http", 0),
            ("http", 8081),
        ]))
        .unwrap();
        assert_eq!(
            f.details,
            [
                "spec.template.spec.containers[0].ports[0].name is \"prometheus-metrics\", not a valid port name: it is 18 characters long (at most 15)",
                "spec.template.spec.containers[0].ports[1].containerPort is required (1-65535)",
                "spec.template.spec.containers[0].ports[2].name is \"http\", already the name of ports[1] of this container",
            ]
        );
        let mut owned = deployment(&[("prometheus-metrics", 9090)]);
        owned.owner = Some(("Deployment".into(), "x".into()));
        assert_eq!(check_template_valid(&owned), None);
    }
}
