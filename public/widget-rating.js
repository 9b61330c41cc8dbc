// The widget's question once a conversation is resolved ("How did we do?"):
// loaded by the chat's frame page when the chat shows its place for it
// (`#rating-slot`, the resolved note, whose `data-rating` is the
// conversation's number and the customer's token), with its stylesheet, so
// the chat's first open carries none of it.
//
// It asks the server what to ask (the question, the scores with their
// faces and words, the rating given so far); when customers are not asked,
// nothing shows. A score is kept at once; a comment can follow. The rating
// can be changed until the server's `changeable_until`. Texts are set as
// text, never as HTML.

const element = (tag, props, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};

export async function ask(slot, stylesheet) {
  if (!document.querySelector("link[data-rating-style]")) {
    const link = element("link", { rel: "stylesheet", href: stylesheet });
    link.dataset.ratingStyle = "";
    document.head.append(link);
  }
  const [number, token] = slot.dataset.rating.split(" ");
  const url = `/api/v1/widget/conversations/${number}/rating`;
  const call = async (draft) => {
    const headers = { "X-Contact-Token": token };
    const init = draft ? { method: "PUT", body: JSON.stringify(draft) } : {};
    if (draft) headers["Content-Type"] = "application/json";
    const r = await fetch(url, { ...init, headers });
    const body = await r.json().catch(() => null);
    if (!r.ok) throw new Error(body?.error?.message ?? `the chat answered ${r.status}`);
    return body;
  };
  try {
    draw(slot, await call(), call);
  } catch {
    // Not asked here, or not reachable now: the chat goes on without it.
  }
}

// Shows the question, the five faces (the given one pressed), and once
// rated, the comment box and the thanks.
function draw(slot, asked, call) {
  const rating = asked.rating;
  const open = !rating || Date.parse(rating.changeable_until) > Date.now();
  const focused = document.activeElement?.dataset?.score;
  const status = element("p", { className: "small muted" });
  status.setAttribute("role", "status");
  const send = async (draft) => {
    try {
      draw(slot, await call(draft), call);
    } catch (e) {
      status.className = "form-error small";
      status.setAttribute("role", "alert");
      status.textContent = e.message;
    }
  };
  const question = element("p", { className: "rating-question", id: "rating-question", textContent: asked.question });
  const faces = element("div", { className: "rating-faces" });
  faces.setAttribute("role", "group");
  faces.setAttribute("aria-labelledby", "rating-question");
  for (const choice of asked.choices) {
    const face = element("button", {
      type: "button",
      className: "rating-face",
      textContent: choice.face,
      title: choice.label,
      disabled: !open,
      onclick: () => send({ score: choice.score, comment: rating?.comment ?? null }),
    });
    face.setAttribute("aria-label", `${choice.score} of 5: ${choice.label}`);
    face.setAttribute("aria-pressed", String(rating?.score === choice.score));
    face.dataset.score = choice.score;
    face.dataset.testid = "widget-rating-score";
    faces.append(face);
  }
  const box = element("div", { className: "rating" }, question, faces);
  box.dataset.testid = "widget-rating";
  if (rating) {
    const until = new Date(rating.changeable_until).toLocaleDateString();
    status.textContent = open ? `Thank you! You can change your answer until ${until}.` : "Thank you for your answer.";
    if (open) {
      const words = element("textarea", { id: "rating-comment", rows: 2, value: rating.comment ?? "", maxLength: 1000 });
      words.dataset.testid = "widget-rating-comment";
      const form = element(
        "form",
        { className: "rating-comment", onsubmit: (e) => { e.preventDefault(); send({ score: rating.score, comment: words.value }); } },
        element("label", { htmlFor: "rating-comment", className: "small", textContent: "Anything to add? (optional)" }),
        words,
        element("button", { type: "submit", className: "button small", textContent: rating.comment ? "Change" : "Send" }),
      );
      form.querySelector("button").dataset.testid = "widget-rating-send";
      box.append(form);
    } else if (rating.comment) {
      box.append(element("p", { className: "small", textContent: rating.comment }));
    }
  }
  box.append(status);
  const shown = slot.querySelector(".rating");
  if (shown) shown.replaceWith(box);
  else slot.append(box);
  if (focused) slot.querySelector(`[data-score="${focused}"]`)?.focus();
}
