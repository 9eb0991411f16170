//! Writes N generated torrents in bitmagnet's /import NDJSON format to stdout:
//! `gen-corpus [N] [SEED]` (defaults 1000 and 42). Handy for trying an import.

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1000);
    let seed: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(42);
    lodestone_tests::corpus::write_ndjson(seed, n, std::io::stdout().lock())?;
    Ok(())
}
