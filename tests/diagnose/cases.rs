//! Small hand-written fixtures (tests/fixtures/diagnose/) for codes the real scenarios do not
//! cover: each code fires where it should and stays silent where it must not.
