//! The metadata the controller writes on its slices: labels, the ownerReference, ownership.
//!
//! Upstream: `kubernetes/endpointslice` `utils.go` (`setEndpointSliceLabels`, `isReservedLabelKey`,
//! `newEndpointSlice`, `ownedBy`, `isServiceIPSet`). Semantics doc §2.1 and §2.9.

use crate::model::{Atom, EndpointSlice, Labels, MANAGED_BY_CONTROLLER, OwnerRef, Service, Str};

/// `kubernetes.io/service-name`.
pub const LABEL_SERVICE_NAME: &str = "kubernetes.io/service-name";
/// `endpointslice.kubernetes.io/managed-by`.
pub const LABEL_MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
/// `service.kubernetes.io/headless`.
pub const LABEL_HEADLESS: &str = "service.kubernetes.io/headless";

/// The three keys the controller owns; Service labels with these keys are ignored.
fn is_reserved(key: &str) -> bool {
    key == LABEL_SERVICE_NAME || key == LABEL_MANAGED_BY || key == LABEL_HEADLESS
}

fn non_reserved(labels: &Labels) -> impl Iterator<Item = (&Atom, &Str)> {
    labels.iter().filter(|(k, _)| !is_reserved(k))
}

/// The labels of a slice the controller writes for `svc`: the Service's non-reserved labels,
/// the service-name and managed-by labels, and the headless label when `clusterIP` is `None`
/// or empty.
pub fn desired_slice_labels(svc: &Service) -> Labels {
    let mut labels: Labels = non_reserved(&svc.labels)
        .map(|(k, v)| (*k, v.clone()))
        .collect();
    let ip_set = svc
        .cluster_ip
        .as_deref()
        .is_some_and(|ip| !ip.is_empty() && ip != "None");
    if !ip_set {
        labels.insert(LABEL_HEADLESS.into(), Str::default());
    }
    labels.insert(LABEL_SERVICE_NAME.into(), svc.name.as_str().into());
    labels.insert(LABEL_MANAGED_BY.into(), MANAGED_BY_CONTROLLER.into());
    labels
}

/// Whether a slice's labels need rewriting: only the non-reserved labels are compared, so a
/// missing or extra headless label alone does not count.
pub fn slice_labels_changed(slice_labels: &Labels, svc: &Service) -> bool {
    !non_reserved(slice_labels).eq(non_reserved(&svc.labels))
}

/// The one ownerReference the controller sets (`metav1.NewControllerRef`).
pub fn service_owner_ref(svc: &Service) -> OwnerRef {
    OwnerRef {
        api_version: "v1".into(),
        kind: "Service".into(),
        name: svc.name.clone(),
        uid: svc.uid.clone(),
        controller: true,
    }
}

/// `ownedBy`: some ownerReference with the Service's UID, kind `Service`, apiVersion `v1`.
pub fn owned_by(slice: &EndpointSlice, svc: &Service) -> bool {
    slice
        .owner_references
        .iter()
        .any(|o| o.uid == svc.uid && o.kind == "Service" && o.api_version == "v1")
}

/// Whether the controller lists this slice for `svc`: same namespace, labelled with the
/// Service's name and managed by the controller, not being deleted (§1.1).
pub fn listed_by_controller(slice: &EndpointSlice, svc: &Service) -> bool {
    slice.namespace == svc.namespace
        && slice.service_name() == Some(svc.name.as_str())
        && slice.managed_by() == Some(MANAGED_BY_CONTROLLER)
        && !slice.deleting
}

/// Whether `slice` "equals" the placeholder the controller would build (`placeholderSliceCompare`
/// in `reconciler.go`): exactly the labels and ownerReferences it would write, no ports and no
/// endpoints. Names and annotations are ignored.
pub fn equals_placeholder(slice: &EndpointSlice, svc: &Service) -> bool {
    slice.namespace == svc.namespace
        && slice.labels == desired_slice_labels(svc)
        && slice.owner_references == [service_owner_ref(svc)]
        && slice.ports.is_empty()
        && slice.endpoints.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{labels, mk_service};

    #[test]
    fn reserved_service_labels_are_ignored() {
        // TestReconcileEndpointSlicesServicesReservedLabels.
        let mut svc = mk_service("web", &[]);
        svc.labels = labels(&[
            (LABEL_SERVICE_NAME, "bad"),
            (LABEL_MANAGED_BY, "actor"),
            (LABEL_HEADLESS, "invalid"),
        ]);
        let l = desired_slice_labels(&svc);
        assert_eq!(l.get(LABEL_SERVICE_NAME).unwrap(), "web");
        assert_eq!(l.get(LABEL_MANAGED_BY).unwrap(), MANAGED_BY_CONTROLLER);
        assert!(!l.contains_key(LABEL_HEADLESS));
        let mut slice_labels = l.clone();
        assert!(!slice_labels_changed(&slice_labels, &svc));
        slice_labels.insert(LABEL_HEADLESS.into(), "".into());
        assert!(!slice_labels_changed(&slice_labels, &svc));
        slice_labels.insert("extra".into(), "x".into());
        assert!(slice_labels_changed(&slice_labels, &svc));
    }

    #[test]
    fn headless_label_when_cluster_ip_none_or_empty() {
        let mut svc = mk_service("db", &[]);
        svc.cluster_ip = Some("None".into());
        assert_eq!(desired_slice_labels(&svc).get(LABEL_HEADLESS).unwrap(), "");
        svc.cluster_ip = None;
        assert!(desired_slice_labels(&svc).contains_key(LABEL_HEADLESS));
    }
}
