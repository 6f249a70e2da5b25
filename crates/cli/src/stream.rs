//! A bounded, ordered parallel map: inputs are produced on the calling thread, worked on by
//! `threads` workers and handed to a sink in input order. At most `2 × threads` inputs are in
//! flight at once (queued, being worked on, or finished and waiting for an earlier one), so
//! memory does not grow with the number of inputs.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use anyhow::{anyhow, Result};

/// Runs `work` over `inputs` on `threads` threads; `sink` gets the results in input order.
/// The first error of `sink` stops the production of new inputs and is returned.
pub fn ordered<T, R>(
    inputs: impl Iterator<Item = T>,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<()> + Send,
) -> Result<()>
where
    T: Send,
    R: Send,
{
    let threads = threads.max(1);
    let window = 2 * threads;
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, T)>(threads);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, R)>();
    let (credit_tx, credit_rx) = mpsc::channel::<()>();
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let (job_rx, work) = (&job_rx, &work);
            scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok((seq, input)) = job else { break };
                if done_tx.send((seq, work(input))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let stop = &stop;
        let writer = scope.spawn(move || -> Result<()> {
            let mut pending = BTreeMap::new();
            let mut next = 0usize;
            let mut result = Ok(());
            for (seq, out) in done_rx {
                pending.insert(seq, out);
                while let Some(out) = pending.remove(&next) {
                    if result.is_ok() {
                        result = sink(out);
                        if result.is_err() {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    next += 1;
                    // The producer may send one more.
                    let _ = credit_tx.send(());
                }
            }
            result
        });
        let mut in_flight = 0usize;
        for (seq, input) in inputs.enumerate() {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if in_flight == window {
                if credit_rx.recv().is_err() {
                    break;
                }
                in_flight -= 1;
            }
            in_flight += 1;
            if job_tx.send((seq, input)).is_err() {
                break;
            }
        }
        drop(job_tx);
        writer
            .join()
            .map_err(|_| anyhow!("the output thread stopped unexpectedly"))?
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    #[test]
    fn results_come_in_input_order_with_bounded_flight() {
        let live = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let mut out = Vec::new();
        let inputs = (0..500u64).inspect(|_| {
            let now = live.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
        });
        ordered(
            inputs,
            3,
            |i| {
                // Uneven work: later items often finish first.
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                i * 2
            },
            |r| {
                live.fetch_sub(1, Ordering::SeqCst);
                out.push(r);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, (0..500).map(|i| i * 2).collect::<Vec<_>>());
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= 2 * 3 + 1, "{peak} items in flight");
    }

    #[test]
    fn a_sink_error_stops_production() {
        let produced = AtomicUsize::new(0);
        let inputs = (0..100_000).inspect(|_| {
            produced.fetch_add(1, Ordering::SeqCst);
        });
        let err = ordered(
            inputs,
            2,
            |i| i,
            |i| {
                if i == 10 {
                    Err(anyhow!("closed"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(err.is_err());
        assert!(produced.load(Ordering::SeqCst) < 1000);
    }
}
