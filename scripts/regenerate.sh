#!/usr/bin/env bash
# Regenerates every committed generated file from the current CLI: shell completions
# (completions/), man pages (docs/man/) and the example output in ```console blocks of
# README.md and docs/*.md. Run it after changing commands, flags, help text or output, then
# commit the result; the tests fail while any of them is stale. The PNG pictures in docs/img/
# are taken by headless Chromium (tests/report_browser.rs) when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_GENERATED=1 cargo test --test integration -- completions:: man:: docs_examples:: report_browser::
