//! A person's avatar without any outside service: their initials on a
//! colour drawn from their id, so the same person always looks the same
//! and neighbours in a list rarely share a colour.

use leptos::prelude::*;

/// "AL" for Ada Lovelace.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The hue of someone's avatar: ids spread around the colour wheel by the
/// golden angle.
pub fn hue(id: i64) -> i64 {
    (id.rem_euclid(360) * 137) % 360
}

/// Initials on the person's own colour (light, with dark text that stays
/// readable on it). With a `label` it stands for the person (its label
/// read out and shown on hover); without, it sits beside their name and
/// assistive technology passes it by.
#[component]
pub fn Avatar(
    #[prop(into)] name: String,
    id: i64,
    #[prop(optional)] test_id: Option<&'static str>,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let hue = hue(id);
    let decorative = label.is_none();
    view! {
        <span
            class="avatar"
            data-testid=test_id
            style=format!("background: hsl({hue} 70% 88%); color: hsl({hue} 65% 22%)")
            title=label.clone()
            aria-label=label
            role=(!decorative).then_some("img")
            aria-hidden=decorative.then_some("true")
        >
            {initials(&name)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_the_first_letters_of_two_words() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("chloé martin dupont"), "CM");
        assert_eq!(initials("Ben"), "B");
    }

    #[test]
    fn each_id_keeps_its_colour_and_neighbours_differ() {
        assert_eq!(hue(7), hue(7));
        assert!((0..360).contains(&hue(-5)));
        let hues: std::collections::HashSet<i64> = (1..=12).map(hue).collect();
        assert_eq!(hues.len(), 12);
    }
}
