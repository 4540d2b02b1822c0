//! The command line (clap derive): raw arguments only, resolved into `Settings` in one place.

use crate::domain::Period;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, Parser, Subcommand};
use std::path::PathBuf;

/// The help page's layout, with Chinese headings (clap's own are English).
const HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "taizhang",
    version,
    about = "重大项目工作台帐汇总工具：读取各成员单位报送的台帐，校验、汇总并生成报表",
    help_template = HELP,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "运行 taizhang <命令> --help 查看各命令的用法。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub help: HelpFlags,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version, help_heading = "选项")]
    pub version: Option<bool>,
}

/// `-h/--help` with a Chinese description, on every command.
#[derive(Debug, Args)]
pub struct HelpFlags {
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true, help_heading = "选项")]
    pub help: Option<bool>,
}

/// A command-line error in the clerk's words, with where to find the usage.
#[must_use]
pub fn error_in_chinese(e: &clap::Error) -> String {
    let context = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数“{argument}”"),
        ErrorKind::InvalidSubcommand => format!(
            "无法识别的命令“{}”，可用的命令有 run、check、template、init",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|s| format!("：{s}"))
                .unwrap_or_default();
            format!("参数 {argument} 的值“{value}”无效{reason}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{argument}"),
        ErrorKind::ArgumentConflict => format!("参数 {argument} 不能与其他参数同时使用"),
        ErrorKind::TooManyValues => {
            format!("参数 {argument} 给了太多的值")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令：请指定 run、check、template 或 init".to_owned()
        }
        _ => "命令行参数有误".to_owned(),
    };
    format!("{what}。运行 taizhang --help 查看用法。")
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 汇总本月台帐（月度任务）：生成汇总表、季度工作任务单、反馈表和 run.json
    #[command(help_template = HELP, override_usage = "taizhang run [输入文件夹] [选项]", next_help_heading = "选项")]
    Run {
        /// 各单位台帐所在的文件夹（默认：配置中的 input，或 samples/）
        #[arg(value_name = "输入文件夹", help_heading = "参数")]
        input: Option<PathBuf>,
        /// 汇总期间，如 2022-03（默认按文件推断）
        #[arg(long, value_name = "年-月")]
        period: Option<Period>,
        /// 输出根目录（默认：配置中的 output，或 out/）
        #[arg(long, value_name = "文件夹")]
        out: Option<PathBuf>,
        /// 配置文件（默认：当前目录下的 taizhang.toml，没有则用内置默认值）
        #[arg(long, value_name = "文件")]
        config: Option<PathBuf>,
        /// 把 run.json 打印到标准输出
        #[arg(long)]
        json: bool,
        /// 不显示进度和日志
        #[arg(long, short)]
        quiet: bool,
    },
    /// 只检查台帐，不汇总（单位报送前可自查）
    #[command(help_template = HELP, override_usage = "taizhang check <文件或文件夹>... [选项]", next_help_heading = "选项")]
    Check {
        /// 要检查的文件或文件夹
        #[arg(required = true, value_name = "文件或文件夹", help_heading = "参数")]
        paths: Vec<PathBuf>,
        /// 检查期间，如 2022-03（默认按文件推断）
        #[arg(long, value_name = "年-月")]
        period: Option<Period>,
        /// 配置文件
        #[arg(long, value_name = "文件")]
        config: Option<PathBuf>,
        /// 以 JSON 输出（files 与 issues）
        #[arg(long)]
        json: bool,
        /// 说明每个文件是怎样读的（表头、各列、分类标题、各行）
        #[arg(long)]
        explain: bool,
    },
    /// 生成空白台帐模板（各单位填报用）
    #[command(help_template = HELP, override_usage = "taizhang template [选项]", next_help_heading = "选项")]
    Template {
        /// 输出文件（默认：当前文件夹下的 重大项目工作台帐模板.xlsx）
        #[arg(
            long,
            value_name = "文件",
            default_value = "重大项目工作台帐模板.xlsx",
            hide_default_value = true
        )]
        out: PathBuf,
        /// 配置文件（取其中的表头别名和金额单位）
        #[arg(long, value_name = "文件")]
        config: Option<PathBuf>,
        /// 覆盖已有的模板文件
        #[arg(long)]
        force: bool,
    },
    /// 生成可编辑的配置文件 taizhang.toml（名册、别名、阈值、单位）
    #[command(help_template = HELP, override_usage = "taizhang init [文件夹] [选项]", next_help_heading = "选项")]
    Init {
        /// 写到哪个文件夹（默认当前文件夹）
        #[arg(
            default_value = ".",
            hide_default_value = true,
            value_name = "文件夹",
            help_heading = "参数"
        )]
        dir: PathBuf,
        /// 覆盖已有的 taizhang.toml
        #[arg(long)]
        force: bool,
    },
}
