//! Signals: the first Ctrl-C (SIGINT) or SIGTERM cancels the token so every component
//! shuts down gracefully; a second one exits at once.

use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;

pub fn spawn_signal_handler(cancel: CancellationToken) -> anyhow::Result<()> {
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::spawn(async move {
        for round in 0.. {
            let name = tokio::select! {
                _ = interrupt.recv() => "SIGINT",
                _ = terminate.recv() => "SIGTERM",
            };
            if round == 0 {
                tracing::info!(
                    signal = name,
                    "shutting down (send it again to exit at once)"
                );
                cancel.cancel();
            } else {
                eprintln!("lodestone: {name} again, exiting now");
                std::process::exit(130);
            }
        }
    });
    Ok(())
}
