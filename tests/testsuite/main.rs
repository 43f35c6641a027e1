//! The integration tests: one binary, one module per area, one set of helpers in `support`.
//!
//! Every test module reads like the user's story it checks (an editor building, a journalist
//! browsing, CI checking, an attacker feeding input). Fixture sites live in `tests/fixtures/`, the
//! node scripts for the browser tests in `tests/browser/`. Not for unit tests of one function:
//! those sit beside the code in `src/`.
//!
//! One area alone: `cargo test --test testsuite hostile::`; a longer property run:
//! `PROPTEST_CASES=100000 cargo test --release --test testsuite no_panics::`.

mod accounting;
mod brief;
mod browse;
mod browser;
mod build;
mod charts;
mod check;
mod crash;
mod free_pages;
mod frictions;
mod history;
mod honest;
mod hostile;
mod identity;
mod invalid_sites;
mod languages;
mod marks;
mod no_panics;
mod publish;
mod scaffold;
mod scaling;
mod serve;
mod sheets;
mod streaming;
mod support;
mod theme;
