//! One integration target: a module per capability. Fixtures are built in code.

mod check_cli;
mod corpus;
mod hostile;
mod layouts;
mod layouts_prop;
mod layouts_real;
mod operations;
mod property;
mod run_cli;
mod support;
