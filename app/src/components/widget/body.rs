//! A message's body in the widget, drawn as DOM nodes: the inbox's walk
//! of its blocks (`formatted::draw`) with elements made directly, which
//! keeps the widget's bundle small. Text goes in as text nodes, never as
//! markup.

use crate::components::formatted::{draw, Elements, REL};
use leptos::tachys::renderer::dom::Dom;
use switchboard_types::Block;
use web_sys::{Element, Node};

/// Draws a message's body at the start of its bubble, before its files.
pub(super) fn draw_body(bubble: &Element, body: String, formatted: Vec<Block>) {
    let node = draw(&Nodes, body, formatted);
    Dom::insert_node(bubble, &node, bubble.first_child().as_ref());
}

/// Elements as DOM nodes.
struct Nodes;

impl Elements for Nodes {
    type Node = Node;

    fn element(
        &self,
        tag: &'static str,
        class: Option<&'static str>,
        link: Option<String>,
        start: Option<u64>,
        children: Vec<Node>,
    ) -> Node {
        let element = Dom::create_element(tag, None);
        if let Some(class) = class {
            Dom::set_attribute(&element, "class", class);
        }
        if let Some(href) = link {
            Dom::set_attribute(&element, "href", &href);
            Dom::set_attribute(&element, "target", "_blank");
            Dom::set_attribute(&element, "rel", REL);
        }
        if let Some(start) = start {
            Dom::set_attribute(&element, "start", &start.to_string());
        }
        for child in children {
            Dom::insert_node(&element, &child, None);
        }
        element.into()
    }

    fn text(&self, text: String) -> Node {
        Dom::create_text_node(&text).into()
    }
}
