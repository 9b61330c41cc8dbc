//! The browser's end of the live stream: a WebSocket that reconnects by
//! itself and resumes after the last event it saw, so nothing is missed and
//! nothing arrives twice.

use switchboard_types::{ClientFrame, Frame, LiveEvent};

/// The page's way to speak on its stream (delivered, read, typing). What
/// is said while disconnected is dropped: each is repeated or outdated by
/// the next. On the server it holds nothing, so a page rendered there can
/// be dropped on any thread; in the browser (one thread) the socket is
/// marked shareable.
#[derive(Clone)]
pub struct LiveLink {
    #[cfg(feature = "browser")]
    socket: send_wrapper::SendWrapper<std::rc::Rc<std::cell::RefCell<Option<web_sys::WebSocket>>>>,
}

// Derivable only on the server, where the link holds nothing.
#[allow(clippy::derivable_impls)]
impl Default for LiveLink {
    fn default() -> Self {
        LiveLink {
            #[cfg(feature = "browser")]
            socket: send_wrapper::SendWrapper::new(Default::default()),
        }
    }
}

impl LiveLink {
    pub fn send(&self, frame: &ClientFrame) {
        #[cfg(feature = "browser")]
        if let (Some(socket), Ok(text)) =
            (self.socket.borrow().as_ref(), serde_json::to_string(frame))
        {
            if socket.ready_state() == web_sys::WebSocket::OPEN {
                let _ = socket.send_with_str(&text);
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = frame;
    }
}

/// Lets "typing" through at most every few seconds while someone writes,
/// and again at once after they sent.
#[derive(Clone, Copy)]
pub struct TypingThrottle {
    last: leptos::prelude::StoredValue<f64>,
}

impl Default for TypingThrottle {
    fn default() -> Self {
        TypingThrottle {
            last: leptos::prelude::StoredValue::new(0.0),
        }
    }
}

impl TypingThrottle {
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    const EVERY_MS: f64 = 2_500.0;

    /// Whether to say "typing" now (and, if so, from now on counting).
    pub fn due(self) -> bool {
        #[cfg(feature = "browser")]
        {
            use leptos::prelude::{GetValue, SetValue};
            let now = js_sys::Date::now();
            if now - self.last.get_value() < Self::EVERY_MS {
                return false;
            }
            self.last.set_value(now);
            true
        }
        // Nobody types on the server.
        #[cfg(not(feature = "browser"))]
        false
    }

    /// The message went: the next keystroke is news again.
    pub fn sent(self) {
        use leptos::prelude::SetValue;
        self.last.set_value(0.0);
    }
}

/// What the live stream tells the page.
#[derive(Clone, Debug)]
pub enum LiveSignal<E = LiveEvent> {
    /// Connected (again): anything shown may be stale, refresh it.
    Connected,
    /// One event, in order.
    Event(Box<Frame<E>>),
    /// The connection dropped; it is being retried.
    Disconnected,
}

/// Opens the stream at `path` (same origin; `path` may carry a query) and
/// calls `on_signal` for everything that happens, for the page's lifetime.
#[cfg(feature = "browser")]
pub fn connect<E>(path: String, link: LiveLink, on_signal: impl Fn(LiveSignal<E>) + 'static)
where
    E: switchboard_types::StreamEvent + 'static,
{
    use std::cell::Cell;
    use std::rc::Rc;

    struct Stream<E> {
        path: String,
        last_event_id: Cell<i64>,
        attempts: Cell<u32>,
        link: LiveLink,
        on_signal: Box<dyn Fn(LiveSignal<E>)>,
    }

    fn url<E>(stream: &Stream<E>) -> Option<String> {
        let location = web_sys::window()?.location();
        let scheme = if location.protocol().ok()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        let host = location.host().ok()?;
        let sep = if stream.path.contains('?') { '&' } else { '?' };
        let mut url = format!("{scheme}://{host}{}", stream.path);
        let last = stream.last_event_id.get();
        if last > 0 {
            url.push_str(&format!("{sep}last_event_id={last}"));
        }
        Some(url)
    }

    fn open<E>(stream: Rc<Stream<E>>)
    where
        E: switchboard_types::StreamEvent + 'static,
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        let Some(url) = url(&stream) else { return };
        let Ok(socket) = web_sys::WebSocket::new(&url) else {
            retry(stream);
            return;
        };

        let on_open = {
            let stream = stream.clone();
            Closure::<dyn FnMut()>::new(move || {
                stream.attempts.set(0);
                (stream.on_signal)(LiveSignal::Connected);
            })
        };
        let on_message = {
            let stream = stream.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else {
                    return;
                };
                let Some(frame) = E::read_frame(&text) else {
                    return;
                };
                // Replay and live may overlap at the seam: keep each event
                // once. States are not history: they carry the last id.
                if !frame.event.is_state()
                    && frame.event_id > 0
                    && frame.event_id <= stream.last_event_id.get()
                {
                    return;
                }
                stream
                    .last_event_id
                    .set(frame.event_id.max(stream.last_event_id.get()));
                (stream.on_signal)(LiveSignal::Event(Box::new(frame)));
            })
        };
        let on_close = {
            let stream = stream.clone();
            Closure::<dyn FnMut()>::new(move || {
                (stream.on_signal)(LiveSignal::Disconnected);
                retry(stream.clone());
            })
        };
        *stream.link.socket.borrow_mut() = Some(socket.clone());
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers live as long as the socket, which lives for the page.
        on_open.forget();
        on_message.forget();
        on_close.forget();
    }

    fn retry<E>(stream: Rc<Stream<E>>)
    where
        E: switchboard_types::StreamEvent + 'static,
    {
        let attempt = stream.attempts.get();
        stream.attempts.set(attempt.saturating_add(1));
        // 0.25 s, 0.5 s, 1 s … up to 8 s between attempts.
        let delay = 250u32.saturating_mul(1 << attempt.min(5));
        gloo_timers::callback::Timeout::new(delay, move || open(stream)).forget();
    }

    open(Rc::new(Stream {
        path,
        last_event_id: Cell::new(0),
        attempts: Cell::new(0),
        link,
        on_signal: Box::new(on_signal),
    }));
}

/// Whether the page is in front of its user (not a hidden tab).
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub fn page_in_front() -> bool {
    #[cfg(feature = "browser")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
    }
    #[cfg(not(feature = "browser"))]
    false
}
