//! The command line (clap derive): raw arguments only, turned into a `Config` in one place.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "taizhang",
    version,
    about = "重大项目工作台帐汇总工具：读取各成员单位报送的台帐，校验、汇总并生成报表"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 汇总本月台帐（月度任务）：生成汇总表、季度工作任务单、反馈表和 run.json
    Run {
        /// 各单位台帐所在的文件夹（默认：配置中的 input，或 samples/）
        input: Option<PathBuf>,
        /// 汇总期间，如 2022-03（默认按文件推断）
        #[arg(long)]
        period: Option<String>,
        /// 输出根目录（默认：配置中的 output，或 out/）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 配置文件（默认：当前目录下的 taizhang.toml，没有则用内置默认值）
        #[arg(long)]
        config: Option<PathBuf>,
        /// 把 run.json 打印到标准输出
        #[arg(long)]
        json: bool,
        /// 不显示进度和日志
        #[arg(long, short)]
        quiet: bool,
    },
    /// 只检查台帐，不汇总（单位报送前可自查）
    Check {
        /// 要检查的文件或文件夹
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 检查期间，如 2022-03（默认按文件推断）
        #[arg(long)]
        period: Option<String>,
        /// 配置文件
        #[arg(long)]
        config: Option<PathBuf>,
        /// 以 JSON 输出（files 与 issues）
        #[arg(long)]
        json: bool,
        /// 说明每个文件是怎样读的（表头、各列、分类标题、各行）
        #[arg(long)]
        explain: bool,
    },
    /// 生成空白台帐模板（各单位填报用）
    Template {
        /// 输出文件
        #[arg(long, default_value = "重大项目工作台帐模板.xlsx")]
        out: PathBuf,
        /// 配置文件（取其中的表头别名和金额单位）
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// 生成可编辑的配置文件 taizhang.toml（名册、别名、阈值、单位）
    Init {
        /// 写到哪个文件夹（默认当前文件夹）
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// 覆盖已有的 taizhang.toml
        #[arg(long)]
        force: bool,
    },
}
