//! One integration target: a module per capability. Fixtures are built in code.

// A test reads top to bottom as one scenario, with the amounts as a ledger writes them.
#![allow(
    clippy::too_many_lines,
    clippy::unreadable_literal,
    clippy::format_push_string,
    clippy::format_collect,
    clippy::match_same_arms
)]

mod check_cli;
mod commit;
mod corpus;
mod exports;
mod hostile;
mod layout_config;
mod layouts;
mod layouts_prop;
mod layouts_real;
mod lock;
mod messages;
mod numfmt;
mod operations;
mod outputs;
mod outputs_sent;
mod property;
mod rules;
mod run_cli;
mod support;
mod year;
