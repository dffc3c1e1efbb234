//! Describe (`d`): the selected resource in full, as YAML or JSON, secrets masked — its state
//! (`state.rs`), its opening and keys (here) and its drawing (`draw.rs`).

mod draw;
mod state;

pub use draw::draw;
pub use state::{masked, yaml, DescribeState, MASK};

use super::viewer::{self, Step};
use super::{close, stay, Answer};
use crate::app::keys::{Action, Screen};
use crate::app::{App, Effect, Mode};
use crate::model::{FetchError, Payload, Query};
use crossterm::event::KeyEvent;
use serde::Serialize;

fn doc<T: Serialize>(item: &T) -> serde_json::Value {
    serde_json::to_value(item).unwrap_or(serde_json::Value::Null)
}

impl App {
    pub(crate) fn open_describe(&mut self) -> Vec<Effect> {
        let Some(d) = self.view().table().selected_described() else {
            return Vec::new();
        };
        let query = d
            .task_definition
            .filter(|a| !a.is_empty())
            .map(|arn| Query::TaskDefinition { arn });
        self.mode = Mode::Describe(Box::new(DescribeState::new(d.title, d.doc, query.clone())));
        query.map(Effect::Fetch).into_iter().collect()
    }

    pub(crate) fn describe_data(&mut self, query: &Query, result: &Result<Payload, FetchError>) {
        let Mode::Describe(state) = &mut self.mode else {
            return;
        };
        if state.waiting.as_ref() != Some(query) {
            return;
        }
        let part = match result {
            Ok(Payload::TaskDefinition(td)) => doc(td.as_ref()),
            Ok(_) => return,
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        };
        state.merge("taskDefinition", part);
        self.dirty = true;
    }

    pub(super) fn describe_key(&mut self, s: &mut DescribeState, ev: &KeyEvent) -> Answer {
        let page = self.page();
        match viewer::on_key(&self.keymap, Screen::Describe, page, &mut s.text, ev) {
            Step::Close => close(),
            Step::Other(Action::ToggleFormat) => {
                s.toggle_format();
                stay()
            }
            Step::Done | Step::Other(_) | Step::Nothing | Step::Submitted(..) => stay(),
        }
    }
}
