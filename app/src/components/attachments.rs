//! Files in messages: a message's files (thumbnails that open in the
//! lightbox, other files as chips to download), the lightbox, and the
//! files a composer is about to send (picked with the paperclip, pasted or
//! dropped; each uploads at once, with its progress, and can be removed or
//! tried again).

use leptos::prelude::*;
use switchboard_types::{size_in_words, Attachment};

/// A message's files: pictures as thumbnails (a click opens `open` with
/// the picture's id, or the picture in a new tab without one), anything
/// else as a chip that downloads it.
#[component]
pub fn AttachmentList(
    files: Vec<Attachment>,
    #[prop(optional)] open: Option<Callback<String>>,
) -> impl IntoView {
    let (images, others): (Vec<Attachment>, Vec<Attachment>) =
        files.into_iter().partition(Attachment::is_image);
    view! {
        <div class="attachments" data-testid="attachments">
            {images
                .into_iter()
                .map(|image| {
                    let label = format!("Open {} ({})", image.name, size_in_words(image.size));
                    let thumbnail = view! {
                        <img src=image.thumbnail_url.clone().unwrap_or_default() alt=image.name.clone() loading="lazy"/>
                    };
                    match open {
                        Some(open) => {
                            let id = image.id.clone();
                            view! {
                                <button
                                    type="button"
                                    class="attachment-image"
                                    data-testid="attachment-image"
                                    aria-label=label
                                    on:click=move |_| open.run(id.clone())
                                >
                                    {thumbnail}
                                </button>
                            }
                            .into_any()
                        }
                        None => view! {
                            <a class="attachment-image" data-testid="attachment-image" aria-label=label
                                href=image.url.clone() target="_blank" rel="noopener">
                                {thumbnail}
                            </a>
                        }
                        .into_any(),
                    }
                })
                .collect_view()}
            {others
                .into_iter()
                .map(|file| {
                    view! {
                        <a class="attachment-file" data-testid="attachment-file" href=file.url.clone() download=file.name.clone()>
                            <span aria-hidden="true">"📄 "</span>
                            <span class="attachment-name">{file.name.clone()}</span>
                            <span class="muted small">" · " {size_in_words(file.size)}</span>
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A picture full size, over everything: ← and → go between `images`,
/// Escape closes, a button downloads it.
#[component]
pub fn Lightbox(
    images: Signal<Vec<Attachment>>,
    showing: RwSignal<Option<String>>,
) -> impl IntoView {
    let index = move || {
        let id = showing.get()?;
        images.with(|images| images.iter().position(|i| i.id == id))
    };
    let step = move |by: isize| {
        let Some(at) = index() else { return };
        images.with_untracked(|images| {
            let next = (at as isize + by).rem_euclid(images.len().max(1) as isize) as usize;
            if let Some(image) = images.get(next) {
                showing.set(Some(image.id.clone()));
            }
        });
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if showing.get_untracked().is_none() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => showing.set(None),
            "ArrowLeft" => step(-1),
            "ArrowRight" => step(1),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());
    move || {
        let at = index()?;
        let image = images.with(|images| images.get(at).cloned())?;
        let count = images.with(Vec::len);
        Some(view! {
            <div class="picture-viewer" role="dialog" aria-modal="true" aria-label=format!("{} ({} of {count})", image.name, at + 1)
                data-testid="lightbox" on:click=move |_| showing.set(None)>
                <figure on:click=|ev| ev.stop_propagation()>
                    <img src=image.url.clone() alt=image.name.clone()/>
                    <figcaption>
                        <span>{image.name.clone()} " · " {size_in_words(image.size)} " · " {at + 1} " of " {count}</span>
                        <span class="picture-viewer-actions">
                            <button type="button" class="button small subtle" aria-label="Previous picture" on:click=move |_| step(-1)>"←"</button>
                            <button type="button" class="button small subtle" aria-label="Next picture" on:click=move |_| step(1)>"→"</button>
                            <a class="button small" href=image.url.clone() download=image.name.clone() data-testid="lightbox-download">"Download"</a>
                            <button type="button" class="button small subtle" data-testid="lightbox-close" on:click=move |_| showing.set(None)>"Close"</button>
                        </span>
                    </figcaption>
                </figure>
            </div>
        })
    }
}

/// How one file a composer is sending is getting on.
#[derive(Clone)]
pub enum UploadState {
    /// This percentage of it is uploaded.
    Uploading(u8),
    Done(Attachment),
    /// Why it failed; Retry sends it again.
    Failed(String),
}

/// One file a composer is sending. Its state is a signal of its own, so
/// the list redraws only the file that moved on.
#[derive(Clone)]
pub struct Upload {
    pub key: u64,
    pub name: String,
    pub size: i64,
    pub state: RwSignal<UploadState>,
    /// The file itself, for Retry.
    #[cfg(feature = "browser")]
    file: send_wrapper::SendWrapper<web_sys::File>,
}

/// The files a composer is about to send, uploaded as soon as they are
/// picked, pasted or dropped, to `url`.
#[derive(Clone, Copy)]
// On the server the list only shows; uploading is the browser's.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub struct Uploads {
    pub items: RwSignal<Vec<Upload>>,
    url: &'static str,
    next_key: StoredValue<u64>,
}

impl Uploads {
    pub fn new(url: &'static str) -> Self {
        Uploads {
            items: RwSignal::new(Vec::new()),
            url,
            next_key: StoredValue::new(0),
        }
    }

    /// Whether any file is still on its way (sending waits for it).
    pub fn busy(&self) -> bool {
        self.items.with_untracked(|items| {
            items
                .iter()
                .any(|u| !matches!(u.state.get_untracked(), UploadState::Done(_)))
        })
    }

    pub fn any(&self) -> bool {
        self.items.with_untracked(|items| !items.is_empty())
    }

    /// The files uploaded, taken for a message (the list is emptied).
    pub fn take(&self) -> Vec<Attachment> {
        let taken = self.items.get_untracked();
        self.items.set(Vec::new());
        taken
            .into_iter()
            .filter_map(|u| {
                let state = u.state.get_untracked();
                u.state.dispose();
                match state {
                    UploadState::Done(a) => Some(a),
                    _ => None,
                }
            })
            .collect()
    }

    fn remove(&self, key: u64) {
        self.items.update(|items| {
            items.retain(|u| {
                let keep = u.key != key;
                if !keep {
                    u.state.dispose();
                }
                keep
            })
        });
    }

    /// A paste: its files (a screenshot) are uploaded, and kept out of the
    /// text; a paste of text alone is left to the text field.
    pub fn pasted(&self, ev: &leptos::ev::ClipboardEvent) {
        #[cfg(feature = "browser")]
        {
            let files = ev.clipboard_data().and_then(|d| d.files());
            if files.as_ref().is_some_and(|f| f.length() > 0) {
                ev.prevent_default();
                self.add(files);
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = ev;
    }

    /// A drop: its files are uploaded (the browser does not open them).
    pub fn dropped(&self, ev: &leptos::ev::DragEvent) {
        ev.prevent_default();
        #[cfg(feature = "browser")]
        self.add(ev.data_transfer().and_then(|d| d.files()));
    }

    /// Starts uploading every file of `list`.
    #[cfg(feature = "browser")]
    pub fn add(&self, list: Option<web_sys::FileList>) {
        let Some(list) = list else { return };
        for i in 0..list.length() {
            if let Some(file) = list.get(i) {
                let key = self.next_key.get_value();
                self.next_key.set_value(key + 1);
                let state = RwSignal::new(UploadState::Uploading(0));
                self.items.update(|items| {
                    items.push(Upload {
                        key,
                        name: file.name(),
                        size: file.size() as i64,
                        state,
                        file: send_wrapper::SendWrapper::new(file.clone()),
                    })
                });
                self.send(state, file);
            }
        }
    }

    #[cfg(feature = "browser")]
    fn retry(&self, upload: &Upload) {
        upload.state.set(UploadState::Uploading(0));
        self.send(upload.state, (*upload.file).clone());
    }

    #[cfg(not(feature = "browser"))]
    fn retry(&self, _upload: &Upload) {}

    /// One upload, with its progress (a form post, as the API takes it).
    #[cfg(feature = "browser")]
    fn send(&self, state: RwSignal<UploadState>, file: web_sys::File) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let failed = move |why: &str| state.try_set(UploadState::Failed(why.into()));
        let (Ok(form), Ok(xhr)) = (web_sys::FormData::new(), web_sys::XmlHttpRequest::new()) else {
            failed("this browser cannot upload files");
            return;
        };
        if form
            .append_with_blob_and_filename("file", &file, &file.name())
            .is_err()
            || xhr.open("POST", self.url).is_err()
        {
            failed("this browser cannot upload files");
            return;
        }
        let progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    let percent = (ev.loaded() * 100.0 / ev.total()) as u8;
                    state.try_set(UploadState::Uploading(percent));
                }
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let answered = xhr.clone();
        let onload = Closure::once_into_js(move || {
            drop(progress);
            let text = answered.response_text().ok().flatten().unwrap_or_default();
            let status = answered.status().unwrap_or(0);
            let outcome = if status == 201 {
                serde_json::from_str::<Attachment>(&text)
                    .map(UploadState::Done)
                    .unwrap_or_else(|_| {
                        UploadState::Failed("the server's answer was unreadable".into())
                    })
            } else {
                let said = serde_json::from_str::<switchboard_types::ErrorBody>(&text)
                    .map(|e| e.error.message)
                    .unwrap_or_else(|_| format!("the server answered {status}"));
                UploadState::Failed(match status {
                    429 => format!("too many uploads: {said}"),
                    _ => said,
                })
            };
            state.try_set(outcome);
        });
        xhr.set_onload(Some(onload.unchecked_ref()));
        let onerror = Closure::once_into_js(move || {
            failed("offline: the upload did not reach the server");
        });
        xhr.set_onerror(Some(onerror.unchecked_ref()));
        if xhr.send_with_opt_form_data(Some(&form)).is_err() {
            failed("offline: the upload did not reach the server");
        }
    }
}

/// The files picked for the next message, each with its progress, Remove,
/// and Retry when it failed.
#[component]
pub fn PendingUploads(uploads: Uploads) -> impl IntoView {
    view! {
        <ul class="pending-uploads" data-testid="pending-uploads" aria-live="polite">
            <For
                each=move || uploads.items.get()
                key=|u| u.key
                children=move |u| {
                    let key = u.key;
                    let state = u.state;
                    let failed = move || matches!(state.get(), UploadState::Failed(_));
                    let line = move || match state.get() {
                        UploadState::Uploading(percent) => format!("uploading {percent} %"),
                        UploadState::Done(_) => "ready".into(),
                        UploadState::Failed(_) => String::new(),
                    };
                    let name = u.name.clone();
                    let progress = move || match state.get() {
                        UploadState::Uploading(percent) => Some(view! {
                            <progress max="100" value=percent.to_string() aria-label=format!("Uploading {name}")></progress>
                        }),
                        _ => None,
                    };
                    let why = move || match state.get() {
                        UploadState::Failed(why) => Some(view! {
                            <span class="form-error small" role="alert">{why}</span>
                            <button type="button" class="button small" data-testid="upload-retry"
                                on:click=move |_| {
                                    let upload = uploads.items.with_untracked(|items| items.iter().find(|u| u.key == key).cloned());
                                    if let Some(upload) = upload {
                                        uploads.retry(&upload);
                                    }
                                }>"Retry"</button>
                        }),
                        _ => None,
                    };
                    // A picture shows as its thumbnail once it is up.
                    let thumbnail = move || match state.get() {
                        UploadState::Done(a) => a.thumbnail_url.map(|src| view! {
                            <img class="upload-thumbnail" src=src alt=""/>
                        }),
                        _ => None,
                    };
                    view! {
                        <li class="pending-upload" class:failed=failed data-testid="pending-upload">
                            {thumbnail}
                            <span class="attachment-name">{u.name.clone()}</span>
                            <span class="muted small">" · " {size_in_words(u.size)} " · " {line}</span>
                            {progress}
                            {why}
                            <button type="button" class="button small subtle" aria-label=format!("Remove {}", u.name)
                                data-testid="upload-remove" on:click=move |_| uploads.remove(key)>"✕"</button>
                        </li>
                    }
                }
            />
        </ul>
    }
}
