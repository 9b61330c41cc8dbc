//! Reading a message's light formatting, once, on the server: what the
//! clients draw as elements (`switchboard_types::Block`), so none of them
//! carries a parser and none ever takes a message as markup.
//!
//! What is read, as people write in chats: `*bold*` (and `**bold**`),
//! `_italic_`, `` `code` ``, code blocks between ```` ``` ```` lines,
//! lists (`- `, `* `, `1. `), quotes (`> `), `[text](url)` links and bare
//! URLs (`https://…`, `www.…`). Everything else stays the text it was:
//! HTML is text, a heading or a rule is its line as written, and a link
//! that is not `http`, `https` or `mailto` is its text alone. Line breaks
//! are kept, as a chat keeps them.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use switchboard_types::{Block, BlockKind, Run};

/// The blocks of `body`, or none when it is plain text (the clients then
/// draw the body as it is, line breaks and all).
pub fn read(body: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    let mut skip_until: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        if let Some(end) = skip_until {
            if range.end <= end {
                continue;
            }
            skip_until = None;
        }
        match event {
            Event::Start(Tag::Paragraph) => reader.paragraph(),
            Event::Start(Tag::BlockQuote(_)) => reader.quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => reader.quotes = reader.quotes.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                reader.open(BlockKind::Code, None);
                reader.in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                reader.in_code = false;
                if let Some(run) = reader.blocks.last_mut().and_then(|b| b.runs.last_mut()) {
                    run.text.truncate(run.text.trim_end_matches('\n').len());
                }
                reader.close();
            }
            Event::Start(Tag::List(first)) => reader.lists.push(first),
            Event::End(TagEnd::List(_)) => {
                reader.lists.pop();
                reader.close();
            }
            Event::Start(Tag::Item) => {
                let number = match reader.lists.last_mut() {
                    Some(Some(n)) => {
                        let this = *n;
                        *n += 1;
                        Some(this)
                    }
                    _ => None,
                };
                let kind = match number {
                    Some(_) => BlockKind::Numbered,
                    None => BlockKind::Bullet,
                };
                reader.open(kind, number);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => reader.close(),
            Event::Start(Tag::Emphasis) => {
                // `*word*` is bold, as chats write it; `_word_` italic.
                if body[range.start..].starts_with('_') {
                    reader.italic += 1;
                } else {
                    reader.bold += 1;
                }
            }
            Event::End(TagEnd::Emphasis) => {
                // Closed in the order they opened: the inner one first.
                if reader.italic > 0 && body[..range.end].ends_with('_') {
                    reader.italic -= 1;
                } else {
                    reader.bold = reader.bold.saturating_sub(1);
                }
            }
            Event::Start(Tag::Strong) => reader.bold += 1,
            Event::End(TagEnd::Strong) => reader.bold = reader.bold.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                reader.link = Some(safe_link(&dest_url));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => reader.link = None,
            Event::Text(text) => {
                if reader.in_code || reader.link.is_some() {
                    reader.push(&text, false);
                } else {
                    reader.text_with_links(&text);
                }
            }
            Event::Code(text) => reader.push(&text, true),
            Event::SoftBreak | Event::HardBreak => reader.push("\n", false),
            Event::Html(text) | Event::InlineHtml(text) => reader.push(&text, false),
            // A heading, a rule or anything else read as structure: the
            // text as written.
            Event::Start(_) | Event::Rule => {
                reader.close();
                reader.open(BlockKind::Paragraph, None);
                reader.push(body[range.clone()].trim_end(), false);
                reader.close();
                skip_until = Some(range.end);
            }
            _ => {}
        }
    }
    reader.finish()
}

/// The destination of a `[text](url)` link when it may be followed:
/// `http`, `https` or `mailto`. `None` keeps the text alone.
fn safe_link(dest: &str) -> Option<String> {
    let url = url::Url::parse(dest).ok()?;
    matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string())
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// Whether the last block is still being written.
    open: bool,
    quotes: usize,
    lists: Vec<Option<u64>>,
    in_code: bool,
    bold: usize,
    italic: usize,
    /// Inside a `[text](url)` link: where it goes, when it may.
    link: Option<Option<String>>,
}

impl Reader {
    fn open(&mut self, kind: BlockKind, number: Option<u64>) {
        self.close();
        self.blocks.push(Block {
            kind,
            number,
            runs: Vec::new(),
        });
        self.open = true;
    }

    fn close(&mut self) {
        self.open = false;
    }

    /// A paragraph: its own block, or more of a list item's.
    fn paragraph(&mut self) {
        let in_item = self.open
            && self
                .blocks
                .last()
                .is_some_and(|b| matches!(b.kind, BlockKind::Bullet | BlockKind::Numbered));
        if in_item {
            if self.blocks.last().is_some_and(|b| !b.runs.is_empty()) {
                self.push("\n", false);
            }
        } else {
            let kind = if self.quotes > 0 {
                BlockKind::Quote
            } else {
                BlockKind::Paragraph
            };
            self.open(kind, None);
        }
    }

    /// Text with its bare URLs as links.
    fn text_with_links(&mut self, text: &str) {
        let mut finder = linkify::LinkFinder::new();
        finder
            .kinds(&[linkify::LinkKind::Url])
            .url_must_have_scheme(false);
        for span in finder.spans(text) {
            let href = span.kind().and_then(|_| {
                let found = span.as_str();
                if found.starts_with("www.") {
                    safe_link(&format!("https://{found}"))
                } else if found.contains("://") {
                    safe_link(found)
                } else {
                    None
                }
            });
            match href {
                Some(href) => {
                    self.link = Some(Some(href));
                    self.push(span.as_str(), false);
                    self.link = None;
                }
                None => self.push(span.as_str(), false),
            }
        }
    }

    fn push(&mut self, text: &str, code: bool) {
        if text.is_empty() {
            return;
        }
        if !self.open {
            self.paragraph();
        }
        let run = Run {
            text: text.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            code,
            link: self.link.clone().flatten(),
        };
        let Some(block) = self.blocks.last_mut() else {
            return;
        };
        match block.runs.last_mut() {
            Some(last)
                if (last.bold, last.italic, last.code, &last.link)
                    == (run.bold, run.italic, run.code, &run.link) =>
            {
                last.text.push_str(&run.text);
            }
            _ => block.runs.push(run),
        }
    }

    /// The blocks, or none when they say nothing the text does not.
    fn finish(self) -> Vec<Block> {
        let plain = self.blocks.iter().all(|b| {
            b.kind == BlockKind::Paragraph
                && b.runs
                    .iter()
                    .all(|r| !r.bold && !r.italic && !r.code && r.link.is_none())
        });
        if plain {
            Vec::new()
        } else {
            self.blocks
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Run {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }

    fn paragraph(runs: Vec<Run>) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            number: None,
            runs,
        }
    }

    #[test]
    fn plain_text_needs_nothing() {
        assert!(read("Hello, my order #22 has not arrived.").is_empty());
        assert!(read("two\nlines\n\nand a paragraph").is_empty());
        assert!(read("<script>alert(1)</script>").is_empty());
        assert!(read("snake_case_name and 2 * 3 * 4").is_empty());
        assert!(read("# not a heading, the line as written").is_empty());
        assert!(read("[click](javascript:alert(1))").is_empty());
    }

    #[test]
    fn stars_are_bold_and_underscores_italic() {
        assert_eq!(
            read("a *big* _small_ **huge** `x<y`"),
            vec![paragraph(vec![
                run("a "),
                Run {
                    bold: true,
                    ..run("big")
                },
                run(" "),
                Run {
                    italic: true,
                    ..run("small")
                },
                run(" "),
                Run {
                    bold: true,
                    ..run("huge")
                },
                run(" "),
                Run {
                    code: true,
                    ..run("x<y")
                },
            ])]
        );
    }

    #[test]
    fn urls_become_links_and_only_safe_ones() {
        let blocks = read("see https://example.com/a?b=1 or www.example.org.");
        let links: Vec<_> = blocks[0]
            .runs
            .iter()
            .filter_map(|r| r.link.clone())
            .collect();
        assert_eq!(
            links,
            vec!["https://example.com/a?b=1", "https://www.example.org/"]
        );
        let named = read("[the guide](https://example.com/guide) and [bad](javascript:x)");
        assert_eq!(
            named[0].runs[0],
            Run {
                link: Some("https://example.com/guide".into()),
                ..run("the guide")
            }
        );
        assert_eq!(named[0].runs[1], run(" and bad"));
    }

    #[test]
    fn lists_code_and_quotes_are_blocks() {
        let blocks = read("Steps:\n\n1. open\n2. *click*\n\n- one\n- two\n\n```\nlet x = 1;\n  y\n```\n\n> quoted\n");
        let kinds: Vec<_> = blocks.iter().map(|b| (b.kind, b.number)).collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Paragraph, None),
                (BlockKind::Numbered, Some(1)),
                (BlockKind::Numbered, Some(2)),
                (BlockKind::Bullet, None),
                (BlockKind::Bullet, None),
                (BlockKind::Code, None),
                (BlockKind::Quote, None),
            ]
        );
        assert_eq!(blocks[5].runs, vec![run("let x = 1;\n  y")]);
        assert_eq!(blocks[2].runs[0].text, "click");
    }

    #[test]
    fn a_heading_or_rule_stays_as_written_beside_formatting() {
        let blocks = read("# Title\n\n*bold*\n\n---");
        assert_eq!(blocks[0], paragraph(vec![run("# Title")]));
        assert_eq!(blocks[2], paragraph(vec![run("---")]));
    }

    #[test]
    fn line_breaks_are_kept() {
        let blocks = read("*hi*\nthere");
        assert_eq!(blocks[0].runs[1], run("\nthere"));
    }
}
