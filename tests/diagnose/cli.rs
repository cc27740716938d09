//! The `diagnose` command: output, exit codes, flags.
