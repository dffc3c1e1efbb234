//! Opening the describe view on the selected resource and driving it with keys.

use super::describe::DescribeState;
use super::view::Content;
use super::{App, Effect, Mode};
use crate::model::{FetchError, Payload, Query};
use crossterm::event::{KeyCode, KeyEvent};
use serde::Serialize;

fn doc<T: Serialize>(item: &T) -> serde_json::Value {
    serde_json::to_value(item).unwrap_or(serde_json::Value::Null)
}

impl App {
    pub(super) fn open_describe(&mut self) -> Vec<Effect> {
        let (title, value, task_definition) = match &self.view().content {
            Content::Clusters(t) => match t.selected() {
                Some(c) => (format!("cluster {}", c.name), doc(c), None),
                None => return Vec::new(),
            },
            Content::Services(t) => match t.selected() {
                Some(s) => (
                    format!("service {}", s.name),
                    doc(s),
                    Some(s.task_definition.clone()),
                ),
                None => return Vec::new(),
            },
            Content::Tasks(t) => match t.selected() {
                Some(task) => (
                    format!("task {}", task.id()),
                    doc(task),
                    Some(task.task_definition_arn.clone()),
                ),
                None => return Vec::new(),
            },
            Content::Containers(t) => match t.selected() {
                Some(c) => (format!("container {}", c.name), doc(c), None),
                None => return Vec::new(),
            },
            Content::Instances(t) => match t.selected() {
                Some(i) => (format!("container instance {}", i.id()), doc(i), None),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let query = task_definition
            .filter(|a| !a.is_empty())
            .map(|arn| Query::TaskDefinition { arn });
        self.mode = Mode::Describe(Box::new(DescribeState::new(title, value, query.clone())));
        query.map(Effect::Fetch).into_iter().collect()
    }

    pub(super) fn describe_data(&mut self, query: &Query, result: &Result<Payload, FetchError>) {
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

    pub(super) fn on_describe_key(&mut self, ev: KeyEvent, mut s: DescribeState) -> Vec<Effect> {
        self.dirty = true;
        let page = self.page() as isize;
        if let Some(mut typed) = s.typing.take() {
            match ev.code {
                KeyCode::Esc => s.error = None,
                KeyCode::Enter => match s.set_search(&typed) {
                    Ok(()) => s.error = None,
                    Err(e) => {
                        s.error = Some(e);
                        s.typing = Some(typed);
                    }
                },
                _ => {
                    typed.handle(&ev);
                    s.typing = Some(typed);
                }
            }
            self.mode = Mode::Describe(Box::new(s));
            return Vec::new();
        }
        match ev.code {
            KeyCode::Esc | KeyCode::Char('q') => return Vec::new(),
            KeyCode::Char('j') | KeyCode::Down => s.scroll_by(1),
            KeyCode::Char('k') | KeyCode::Up => s.scroll_by(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => s.scroll_by(page),
            KeyCode::PageUp => s.scroll_by(-page),
            KeyCode::Char('g') | KeyCode::Home => s.scroll = 0,
            KeyCode::Char('G') | KeyCode::End => s.scroll_by(isize::MAX / 2),
            KeyCode::Char('f') => s.toggle_format(),
            KeyCode::Char('/') => s.typing = Some(Default::default()),
            KeyCode::Char('n') => s.jump(true),
            KeyCode::Char('N') => s.jump(false),
            _ => {}
        }
        self.mode = Mode::Describe(Box::new(s));
        Vec::new()
    }
}
