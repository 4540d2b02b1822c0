//! One file, any bytes, under any workbook extension: read and normalised as `read_inbox`
//! does. The reader catches a parser's panic and reports the file, so those are silenced
//! here; what libFuzzer still reports is what would hurt a run: a panic outside that catch,
//! a hang (`-timeout`), a large allocation (`-malloc_limit_mb`) or memory growth
//! (`-rss_limit_mb`), and a row lost.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{LazyLock, Once};
use taizhang::config::Config;
use taizhang::ingest::{self, ReadLimits};
use taizhang::normalize::{self, Context};

const EXTENSIONS: [&str; 6] = ["xlsx", "xls", "ods", "xlsb", "csv", "xlsm"];

static CONFIG: LazyLock<Config> = LazyLock::new(Config::builtin);

fuzz_target!(|data: &[u8]| {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(pick) % EXTENSIONS.len()];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("区建管委.{ext}"));
    std::fs::write(&path, bytes).expect("write input");
    let candidate = ingest::discover(&[path]).expect("listed").remove(0);
    let submission = ingest::read(&candidate, &ReadLimits::default());
    let ctx = Context {
        schema: &CONFIG.schema,
        period: "2022-03".parse().expect("period"),
        input_unit: CONFIG.input_unit,
        roster: &CONFIG.roster,
    };
    let ledger = normalize::normalize(submission, &ctx);
    let c = ledger.counts;
    assert_eq!(c.rows_read, c.accepted + c.rejected + c.skipped);
    assert_eq!(c.rejected, ledger.rejected.len());
});
