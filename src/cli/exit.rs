//! Documented exit codes (docs/exit-codes.md).

/// Success; for `diagnose`, nothing at or above `--fail-on`.
pub const OK: u8 = 0;
/// `diagnose` found something at or above `--fail-on`.
pub const FINDINGS: u8 = 1;
/// Usage or runtime error: bad flags, unreadable or malformed input, unknown Service, API errors.
pub const ERROR: u8 = 2;
