//! What a clerk reads when something is wrong with the command line, the config or the
//! system: Chinese, with the line, key, path and cause, never a library's English.

use crate::support::{Dir, Taizhang};

#[test]
fn config_and_system_errors_name_the_line_key_and_cause_in_chinese() {
    let dir = Dir::new();
    let default = taizhang::config::DEFAULT_CONFIG;
    for (change, words) in [
        (
            ("input_unit = \"万元\"", "input_unit = \"千元\""),
            "input_unit 的值“千元”不是可用的值，应为：元、万元、亿元",
        ),
        (
            ("stale_lock_minutes = 720", "stale_lock_minutes = \"abc\""),
            "stale_lock_minutes 的值类型不对，应为数字",
        ),
        (
            ("stale_lock_minutes = 720", "stale_lock_minute = 720"),
            "没有名为 stale_lock_minute 的设置项",
        ),
    ] {
        assert!(default.contains(change.0), "{}", change.0);
        std::fs::write(
            dir.join("taizhang.toml"),
            default.replace(change.0, change.1),
        )
        .unwrap();
        Taizhang::new(dir.path())
            .args(["check", "."])
            .status(2)
            .stderr_has("taizhang.toml 有误：第")
            .stderr_has(words)
            .stderr_lacks("expected")
            .run();
    }
    Taizhang::new(dir.path())
        .args(["check", ".", "--config", "没有这个文件.toml"])
        .status(2)
        .stderr_has("无法读取配置文件 没有这个文件.toml：文件或文件夹不存在")
        .stderr_lacks("os error")
        .run();
}

#[test]
fn help_and_command_line_errors_are_in_chinese() {
    let dir = Dir::new();
    let help = Taizhang::new(dir.path()).args(["--help"]).status(0).run();
    for words in ["用法：taizhang <命令>", "命令", "显示帮助", "显示版本"] {
        assert!(help.stdout.contains(words), "{}", help.stdout);
    }
    for english in ["Usage", "Options", "Commands", "Print help"] {
        assert!(!help.stdout.contains(english), "{}", help.stdout);
    }
    Taizhang::new(dir.path())
        .args(["run", "--help"])
        .status(0)
        .stdout_has("用法：taizhang run [输入文件夹] [选项]")
        .run();
    for (args, words) in [
        (&["run", "--bogus"][..], "无法识别的参数“--bogus”"),
        (
            &["run", "--period", "2022-13"][..],
            "无法识别的期间“2022-13”",
        ),
        (&["frob"][..], "无法识别的命令“frob”"),
        (&["check"][..], "缺少必需的参数"),
    ] {
        let mut t = Taizhang::new(dir.path());
        for a in args {
            t = t.args([*a]);
        }
        t.status(2)
            .stderr_has(words)
            .stderr_has("运行 taizhang --help 查看用法")
            .stderr_lacks("error:")
            .stderr_lacks("Usage")
            .run();
    }
}
