//! A scripted rollout: 3 pods replaced one by one, one new pod failing readiness twice, every
//! endpoint briefly not ready.

use super::*;
use crate::live::watch_fake::wait_for_watch;
use crate::support::fake_apiserver::Script;

#[test]
fn a_quiet_service_is_converged_at_once() {
    let server = fake();
    let (code, out, err) = watch(&server, &["--timeout", "1s"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<String> = out.lines().map(masked).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0], r#"{"kind":"WatchTransition","time":"T","type":"converged"}"#);
    assert_eq!(
        lines[1],
        r#"{"converged":true,"counts":{"converged":1,"endpoint-added":0,"endpoint-condition":0,"endpoint-removed":0,"outage-end":0,"outage-start":0,"pod-added":0,"pod-deleted":0,"pod-not-ready":0,"pod-ready":0,"pod-terminating":0,"service-changed":0,"service-deleted":0,"slice-created":0,"slice-deleted":0,"stale":0,"stale-end":0},"end":"T","flapping":[],"kind":"WatchSummary","lag":null,"minReady":3,"ports":[{"minReady":3,"outages":[],"port":"http"}],"seconds":"N","staleSeconds":"N","start":"T","time":"T","type":"summary"}"#
    );
}
