//! What `slice-stale` finds: one way the controller-managed slices differ from what the
//! EndpointSlice controller would write now. `stale` finds them, `stale_report` words them.

/// One way the actual slices differ from the controller's wish.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Discrepancy {
    /// An eligible pod with no endpoint of this address type.
    Missing { pod: String },
    /// An endpoint the controller would remove.
    Extra {
        who: String,
        slice: String,
        why: String,
        pod: bool,
    },
    /// An endpoint whose fields are outdated.
    Changed {
        pod: String,
        slice: String,
        fields: Vec<String>,
    },
    /// The same pod listed twice.
    Duplicate { pod: String, slice: String },
    /// A whole slice the controller would rewrite or delete.
    Slice { slice: String, why: String },
    /// No placeholder although nothing else exists for this address type.
    MissingPlaceholder { address_type: String },
}
