use super::*;
use serde_json::json;

fn r() -> Redactor {
    Redactor::with_key("test-key")
}

#[test]
fn names_are_renamed_run_by_run_consistently() {
    let r = r();
    let web = r.name("web");
    assert_ne!(web, "web");
    assert_eq!(web.len(), 6);
    assert_eq!(r.name("web"), web, "same key, same pseudonym");
    assert_ne!(Redactor::with_key("other").name("web"), web);
    let pod = r.name("web-6d4cf56db6-x2k9p");
    assert!(pod.starts_with(&format!("{web}-")), "{pod}");
    assert_eq!(r.name("db-0"), format!("{}-0", r.name("db")));
    assert_ne!(r.name("Web"), r.name("web"));
    let node = r.name("ip-10-0-1-7.ec2.internal");
    assert!(!node.contains("10-0-1"), "{node}");
    for kept in ["default", "kube-system", "kubernetes", ""] {
        assert_eq!(r.name(kept), kept);
    }
}

#[test]
fn addresses_keep_family_host_part_and_subnet_grouping() {
    let r = r();
    let a = ip::address(&r.key, "10.244.1.5").unwrap();
    let b = ip::address(&r.key, "10.244.1.77").unwrap();
    let c = ip::address(&r.key, "10.244.2.5").unwrap();
    let net = |s: &str| s.rsplit_once('.').unwrap().0.to_string();
    assert!(a.ends_with(".5") && b.ends_with(".77"), "{a} {b}");
    assert_eq!(net(&a), net(&b), "one /24, one pseudo-/24");
    assert_ne!(net(&a), net(&c));
    assert!(a.starts_with("10.") && a != "10.244.1.5");
    let v6 = ip::address(&r.key, "fd00:10:244:1::a").unwrap();
    let v6b = ip::address(&r.key, "fd00:10:244:1::b").unwrap();
    assert!(
        v6.parse::<std::net::Ipv6Addr>().is_ok() && v6.ends_with("::a"),
        "{v6}"
    );
    assert_eq!(v6.trim_end_matches('a'), v6b.trim_end_matches('b'));
    assert_eq!(
        ip::address(&r.key, "10.244.1.0/24").unwrap(),
        format!("{}.0/24", net(&a))
    );
    assert_eq!(ip::address(&r.key, "None"), None);
    assert_eq!(ip::address(&r.key, "1.32.6"), None);
}

#[test]
fn an_object_keeps_its_wiring_under_new_names() {
    let r = r();
    let mut svc = json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": "shop", "uid": "u-1",
            "labels": {"app": "web", "acme.com/team": "payments",
                "service.kubernetes.io/service-proxy-name": "cilium"},
            "annotations": {"service.kubernetes.io/topology-mode": "Auto"}},
        "spec": {"selector": {"app": "web"}, "clusterIP": "10.96.0.10", "type": "ClusterIP",
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}]},
        "status": {"loadBalancer": {"ingress": [{"hostname": "lb.acme.com"}]}}
    });
    r.object(&mut svc);
    let web = r.name("web");
    assert_eq!(svc["metadata"]["name"], web);
    assert_eq!(svc["metadata"]["namespace"], r.name("shop"));
    assert_eq!(svc["metadata"]["uid"], "u-1");
    assert_eq!(svc["spec"]["selector"]["app"], web);
    assert_eq!(svc["metadata"]["labels"]["app"], web);
    let team = format!("{}/team", r.name("acme.com"));
    assert_eq!(svc["metadata"]["labels"][&team], r.name("payments"));
    assert_eq!(
        svc["metadata"]["labels"]["service.kubernetes.io/service-proxy-name"],
        "cilium"
    );
    assert_eq!(
        svc["metadata"]["annotations"]["service.kubernetes.io/topology-mode"],
        "Auto"
    );
    assert_eq!(svc["spec"]["ports"][0]["name"], "http");
    assert_eq!(svc["spec"]["ports"][0]["targetPort"], "http");
    assert_eq!(svc["spec"]["type"], "ClusterIP");
    assert!(svc["spec"]["clusterIP"].as_str().unwrap().ends_with(".10"));
    assert_eq!(
        svc["status"]["loadBalancer"]["ingress"][0]["hostname"],
        r.name("lb.acme.com")
    );
    let mut expr =
        json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]});
    r.object(&mut expr);
    assert_eq!(expr["matchExpressions"][0]["values"][0], web);
    let mut event = json!({"involvedObject": {"name": "web"}, "message": "web has 3 pods", "reason": "TopologyAwareHintsDisabled"});
    r.object(&mut event);
    assert_eq!(event["message"], "(redacted)");
    assert_eq!(event["reason"], "TopologyAwareHintsDisabled");
}

#[test]
fn meta_renames_scope_and_quoted_names_in_warnings() {
    let r = r();
    let meta = SnapshotMeta {
        api_version: "svcx/v1alpha1".into(),
        kind: "Snapshot".into(),
        tool_version: "0".into(),
        time: "t".into(),
        server_version: Some("v1.32".into()),
        scope: SnapshotScope::Namespace("shop".into()),
        read: vec!["Pod".into()],
        warnings: vec!["forbidden: user \"me\" cannot list nodes in namespace \"shop\"; x".into()],
        unreadable: vec!["CiliumNetworkPolicy".into()],
        redacted: false,
    };
    let m = r.meta(&meta);
    assert!(m.redacted);
    assert_eq!(m.scope, SnapshotScope::Namespace(r.name("shop")));
    assert_eq!(
        m.warnings[0],
        format!(
            "forbidden: user \"{}\" cannot list nodes in namespace \"{}\"; x",
            r.name("me"),
            r.name("shop")
        )
    );
    assert_eq!(format!("{r:?}"), "Redactor { key: <hidden> }");
}
