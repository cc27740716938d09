//! The one integration-test binary: runs the real `kubectl-svcx` on real fixture dumps.

mod golden;
mod util;

mod completions;

mod man;

mod krew;

mod architecture;

mod terminal;

mod docs_examples;
