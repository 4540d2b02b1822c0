//! One integration target: a module per capability. Fixtures are built in code.

mod check_cli;
mod commit;
mod corpus;
mod exports;
mod hostile;
mod layouts;
mod lock;
mod messages;
mod operations;
mod property;
mod rules;
mod run_cli;
mod support;
