//! One integration target: a module per capability. Fixtures are built in code.

mod check_cli;
mod corpus;
mod hostile;
mod layouts;
mod operations;
mod property;
mod run_cli;
mod support;
mod year;
