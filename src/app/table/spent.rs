//! Handles a refresh no longer needs, dropped on a thread of their own. A 50,000-task answer
//! arrives holding, for every unchanged task, a second handle on the record the row already
//! holds; dropping those on the update step touches 50,000 reference counts scattered over the
//! heap (cache misses, about half the cost of taking a refresh in). The rows keep their
//! records; only the spare handles go, elsewhere.

use std::sync::mpsc::{channel, Sender};
use std::sync::{Mutex, OnceLock};

type Spent = Box<dyn Send>;

static DROPPER: OnceLock<Option<Mutex<Sender<Spent>>>> = OnceLock::new();

fn dropper() -> Option<&'static Mutex<Sender<Spent>>> {
    DROPPER
        .get_or_init(|| {
            let (tx, rx) = channel::<Spent>();
            std::thread::Builder::new()
                .name("ecsdeck-drop".into())
                .spawn(move || rx.into_iter().for_each(drop))
                .ok()
                .map(|_| Mutex::new(tx))
        })
        .as_ref()
}

/// Drop `value` on the dropping thread (here, if that thread could not be started or is gone).
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    let Some(tx) = dropper() else {
        return drop(value);
    };
    let boxed: Spent = Box::new(value);
    let unsent = match tx.lock() {
        Ok(tx) => tx.send(boxed).err().map(|e| e.0),
        Err(_) => Some(boxed),
    };
    drop(unsent);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    #[test]
    fn the_value_is_dropped_on_another_thread() {
        struct Probe(Arc<Mutex<Option<std::thread::ThreadId>>>);
        impl Drop for Probe {
            fn drop(&mut self) {
                if let Ok(mut at) = self.0.lock() {
                    *at = Some(std::thread::current().id());
                }
            }
        }
        let seen = Arc::new(Mutex::new(None));
        drop_elsewhere(Probe(seen.clone()));
        let started = Instant::now();
        let at = loop {
            if let Some(id) = *seen.lock().unwrap() {
                break id;
            }
            assert!(started.elapsed() < Duration::from_secs(5), "never dropped");
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_ne!(at, std::thread::current().id());
    }
}
