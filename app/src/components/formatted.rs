//! A message's text as it is drawn: plain text as written (line breaks
//! kept), or the blocks the server read from it (`formatted`) as
//! elements. Never markup: every run is text, and a link opens in a new
//! tab without telling the page who sent it there.
//!
//! The blocks are walked in one place (`draw`); what makes an element is
//! the caller's: views in the inbox and staff chat (rendered on the
//! server, then hydrated), DOM nodes in the customer widget, whose bundle
//! is kept small and renders in the browser alone.

use leptos::prelude::*;
use switchboard_types::{Block, BlockKind, Run};

/// Makes the elements of a message's body.
pub trait Elements {
    type Node;
    /// One element. Every element is of this one shape (a link's
    /// attributes absent elsewhere), which keeps the widget's bundle small.
    fn element(
        &self,
        tag: &'static str,
        class: Option<&'static str>,
        link: Option<String>,
        start: Option<u64>,
        children: Vec<Self::Node>,
    ) -> Self::Node;
    /// A run's text as it is.
    fn text(&self, text: String) -> Self::Node;
}

/// The body of a message: `formatted` when the server read any, else the
/// text.
pub fn draw<E: Elements>(e: &E, body: String, formatted: Vec<Block>) -> E::Node {
    if formatted.is_empty() {
        return e.element("p", Some("body"), None, None, vec![e.text(body)]);
    }
    let runs = |b: Block| b.runs.into_iter().map(|r| run(e, r)).collect::<Vec<_>>();
    let mut parts = Vec::new();
    let mut blocks = formatted.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let kind = block.kind;
        parts.push(match kind {
            BlockKind::Paragraph => e.element("p", None, None, None, runs(block)),
            BlockKind::Quote => e.element("blockquote", None, None, None, runs(block)),
            BlockKind::Code => {
                let code: String = block.runs.into_iter().map(|r| r.text).collect();
                let code = e.element("code", None, None, None, vec![e.text(code)]);
                e.element("pre", None, None, None, vec![code])
            }
            BlockKind::Bullet | BlockKind::Numbered => {
                let start = block.number;
                let mut items = vec![e.element("li", None, None, None, runs(block))];
                while let Some(next) = blocks.next_if(|b| b.kind == kind) {
                    items.push(e.element("li", None, None, None, runs(next)));
                }
                let tag = if kind == BlockKind::Numbered {
                    "ol"
                } else {
                    "ul"
                };
                e.element(tag, None, None, start, items)
            }
        });
    }
    e.element("div", Some("body formatted"), None, None, parts)
}

fn run<E: Elements>(e: &E, run: Run) -> E::Node {
    let mut node = if run.code {
        e.element("code", None, None, None, vec![e.text(run.text)])
    } else {
        e.text(run.text)
    };
    for (on, tag) in [(run.italic, "em"), (run.bold, "strong")] {
        if on {
            node = e.element(tag, None, None, None, vec![node]);
        }
    }
    match run.link {
        Some(href) => e.element("a", None, Some(href), None, vec![node]),
        None => node,
    }
}

/// The body of a message as views. `text` draws a run's plain text (staff
/// chat finds its mentions and `#22` links there).
pub fn message_body(
    body: String,
    formatted: Vec<Block>,
    text: impl Fn(String) -> AnyView,
) -> AnyView {
    draw(&Views(text), body, formatted)
}

/// Elements as views, drawing text with its function.
struct Views<F>(F);

impl<F: Fn(String) -> AnyView> Elements for Views<F> {
    type Node = AnyView;

    fn element(
        &self,
        tag: &'static str,
        class: Option<&'static str>,
        link: Option<String>,
        start: Option<u64>,
        children: Vec<AnyView>,
    ) -> AnyView {
        let external = link.is_some();
        leptos::html::custom(tag)
            .attr("class", class)
            .attr("href", link)
            .attr("target", external.then_some("_blank"))
            .attr("rel", external.then_some(REL))
            .attr("start", start.map(|n| n.to_string()))
            .child(children)
            .into_any()
    }

    fn text(&self, text: String) -> AnyView {
        (self.0)(text)
    }
}

/// A link in a message tells the page it opens nothing: not who sent the
/// reader there, nor a handle back to this page, nor a vote for it.
pub const REL: &str = "noopener noreferrer nofollow";

/// A run's text as it is.
pub fn plain(text: String) -> AnyView {
    text.into_any()
}
