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
        return view! { <p class="body">{text(body)}</p> }.into_any();
    }
    let mut parts = Vec::new();
    let mut blocks = formatted.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let kind = block.kind;
        let runs = move |b: Block| b.runs.into_iter().map(move |r| run(r, text)).collect_view();
        parts.push(match kind {
            BlockKind::Paragraph => view! { <p>{runs(block)}</p> }.into_any(),
            BlockKind::Quote => view! { <blockquote>{runs(block)}</blockquote> }.into_any(),
            BlockKind::Code => {
                let code: String = block.runs.into_iter().map(|r| r.text).collect();
                view! { <pre><code>{code}</code></pre> }.into_any()
            }
            BlockKind::Bullet | BlockKind::Numbered => {
                let start = block.number;
                let mut items = vec![view! { <li>{runs(block)}</li> }];
                while let Some(next) = blocks.next_if(|b| b.kind == kind) {
                    items.push(view! { <li>{runs(next)}</li> });
                }
                match kind {
                    BlockKind::Numbered => view! { <ol start=start>{items}</ol> }.into_any(),
                    _ => view! { <ul>{items}</ul> }.into_any(),
                }
            }
        });
    }
    view! { <div class="body formatted">{parts}</div> }.into_any()
}

fn run(run: Run, text: impl Fn(String) -> AnyView) -> AnyView {
    let mut view = if run.code {
        view! { <code>{run.text}</code> }.into_any()
    } else {
        text(run.text)
    };
    if run.italic {
        view = view! { <em>{view}</em> }.into_any();
    }
    if run.bold {
        view = view! { <strong>{view}</strong> }.into_any();
    }
    match run.link {
        Some(href) => view! {
            <a href=href target="_blank" rel="noopener noreferrer nofollow">{view}</a>
        }
        .into_any(),
        None => view,
    }
}

/// A run's text as it is.
pub fn plain(text: String) -> AnyView {
    text.into_any()
}
