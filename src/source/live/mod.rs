//! Reading a live cluster through kube, read-only.
//!
//! `client` turns kubectl's connection flags into a client, `requests` is the only code that
//! sends HTTP (GET only), `paging` walks `limit`/`continue`, `fetch` decides what to ask for,
//! `error` says what went wrong in one line.

mod client;
mod error;
mod fetch;
mod keep;
mod paging;
mod requests;
mod watch;

pub use client::{ConnectOptions, KubeconfigLocation, LiveSource, connect};
pub use error::{Action, LiveError};
pub use fetch::{
    Fetched, ListRead, LiveWarning, Narrow, Reads, Refusal, SCOPE_READS, SERVICE_READS, Scope,
    WorkloadRef, fetch_reach, fetch_scope, fetch_service, mark_known, read_scope, read_service,
};
pub use keep::Keep;
pub use paging::PAGE_SIZE;
pub use requests::{FOREIGN_POLICIES, Kind};
pub use watch::{WatchNotice, WatchStart, follow, start_watch};
