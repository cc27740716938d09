//! The one integration-test binary: runs the real `kubectl-svcx` on real fixture dumps.

mod live;
mod support;
mod util;
