//! `/demo`: a small shop page that embeds the chat widget with its one
//! `<script>` tag, as a customer's site would.

use crate::api::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::response::Html;

pub async fn demo(State(state): State<AppState>) -> Result<Html<String>, ApiError> {
    let key = state.switchboard.widget_key().await?;
    Ok(Html(DEMO_PAGE.replace("{{WIDGET_KEY}}", &key)))
}

const DEMO_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Northwind Outfitters — demo shop</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <style>
    body { margin: 0; font: 16px/1.5 Georgia, serif; color: #1f2933; background: #fbf8f3; }
    header { padding: 1rem 2rem; background: #1f4037; color: #fff; font-size: 1.4rem; }
    main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
    .product { display: flex; gap: 2rem; align-items: center; }
    .photo { width: 14rem; height: 10rem; border-radius: 1rem; background: linear-gradient(135deg, #99f2c8, #1f4037); }
    .price { font-size: 1.4rem; font-weight: bold; }
  </style>
</head>
<body>
  <header>Northwind Outfitters</header>
  <main>
    <div class="product">
      <div class="photo" role="img" aria-label="Trail shoes"></div>
      <div>
        <h1>Ridgeline trail shoes</h1>
        <p>Grippy, light and waterproof. Questions about sizing or delivery? Chat with us using the bubble in the corner.</p>
        <p class="price">€129</p>
      </div>
    </div>
  </main>
  <!-- The whole embed: one script tag with the widget key. The lines
       before it let the page tell the chat what it knows of the customer
       (see the README, "The page speaks to the widget"). -->
  <script>
    window.Switchboard = window.Switchboard || function () {
      (Switchboard.q = Switchboard.q || []).push(arguments); };
    Switchboard("set", { Country: "Portugal", "Last viewed": "Trail runner 2" });
  </script>
  <script async src="/widget.js" data-key="{{WIDGET_KEY}}"></script>
</body>
</html>
"#;
