//! A message's text as it is drawn: plain text as written (line breaks
//! kept), or the blocks the server read from it (`formatted`) as
//! elements. Never markup: every run is text, and a link opens in a new
//! tab without telling the page who sent it there.

use leptos::prelude::*;
use switchboard_types::{Block, BlockKind, Run};

/// The body of a message: `formatted` when the server read any, else the
/// text. `text` draws a run's plain text (staff chat finds its mentions
/// and `#22` links there).
pub fn message_body(
    body: String,
    formatted: Vec<Block>,
    text: impl Fn(String) -> AnyView + Copy + Send + 'static,
) -> AnyView {
    if formatted.is_empty() {
        return element("p", Some("body"), None, None, vec![text(body)]);
    }
    let runs = move |b: Block| b.runs.into_iter().map(|r| run(r, text)).collect::<Vec<_>>();
    let mut parts = Vec::new();
    let mut blocks = formatted.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let kind = block.kind;
        parts.push(match kind {
            BlockKind::Paragraph => element("p", None, None, None, runs(block)),
            BlockKind::Quote => element("blockquote", None, None, None, runs(block)),
            BlockKind::Code => {
                let code: String = block.runs.into_iter().map(|r| r.text).collect();
                let code = element("code", None, None, None, vec![code.into_any()]);
                element("pre", None, None, None, vec![code])
            }
            BlockKind::Bullet | BlockKind::Numbered => {
                let start = block.number;
                let mut items = vec![element("li", None, None, None, runs(block))];
                while let Some(next) = blocks.next_if(|b| b.kind == kind) {
                    items.push(element("li", None, None, None, runs(next)));
                }
                let tag = if kind == BlockKind::Numbered {
                    "ol"
                } else {
                    "ul"
                };
                element(tag, None, None, start, items)
            }
        });
    }
    element("div", Some("body formatted"), None, None, parts)
}

fn run(run: Run, text: impl Fn(String) -> AnyView) -> AnyView {
    let mut view = if run.code {
        element("code", None, None, None, vec![run.text.into_any()])
    } else {
        text(run.text)
    };
    for (on, tag) in [(run.italic, "em"), (run.bold, "strong")] {
        if on {
            view = element(tag, None, None, None, vec![view]);
        }
    }
    match run.link {
        Some(href) => element("a", None, Some(href), None, vec![view]),
        None => view,
    }
}

/// One element of a message's body. Every element is of this one shape
/// (a link's attributes absent elsewhere), which keeps the widget's
/// bundle small.
fn element(
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
        .attr("rel", external.then_some("noopener noreferrer nofollow"))
        .attr("start", start.map(|n| n.to_string()))
        .child(children)
        .into_any()
}

/// A run's text as it is.
pub fn plain(text: String) -> AnyView {
    text.into_any()
}
