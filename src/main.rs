use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(taizhang::run(std::env::args_os()) as u8)
}
