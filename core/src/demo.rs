//! Demo data: a small team and a few customers, so a new install shows a
//! living inbox at once. Loading it twice changes nothing.

use crate::error::{Error, Result};
use crate::Switchboard;
use switchboard_types::Role;

/// The password of every demo agent.
pub const DEMO_PASSWORD: &str = "switchboard";

pub struct DemoAgent {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
}

pub const DEMO_AGENTS: [DemoAgent; 3] = [
    DemoAgent {
        email: "ada@example.com",
        name: "Ada Lovelace",
        role: Role::Admin,
    },
    DemoAgent {
        email: "ben@example.com",
        name: "Ben Okafor",
        role: Role::Agent,
    },
    DemoAgent {
        email: "chloe@example.com",
        name: "Chloé Martin",
        role: Role::Agent,
    },
];

/// What a customer of the demo says, and who (if anyone) has taken it.
const DEMO_CUSTOMERS: [(&str, &str, &str, Option<usize>); 4] = [
    (
        "Maria Garcia",
        "maria@example.net",
        "Hi! My order #1042 still hasn't arrived. Can you check where it is?",
        None,
    ),
    (
        "Tom Becker",
        "tom@example.net",
        "Can I switch my plan to annual billing?",
        Some(1),
    ),
    (
        "Yuki Tanaka",
        "yuki@example.net",
        "The checkout page shows an error when I pay by card.",
        None,
    ),
    (
        "Priya Nair",
        "priya@example.net",
        "Do you ship to Canada?",
        Some(2),
    ),
];

pub enum Loaded {
    Fresh,
    AlreadyThere,
}

pub async fn load(sb: &Switchboard) -> Result<Loaded> {
    let mut agents = Vec::new();
    for a in &DEMO_AGENTS {
        match sb
            .create_agent(a.email, a.name, a.role, DEMO_PASSWORD.into())
            .await
        {
            Ok(agent) => agents.push(agent),
            Err(Error::Conflict(_)) => return Ok(Loaded::AlreadyThere),
            Err(e) => return Err(e),
        }
    }
    let support = sb.ensure_queue("Support").await?;
    let sales = sb.ensure_queue("Sales").await?;
    for agent in &agents {
        sb.add_queue_member(support.id, agent.id).await?;
    }
    sb.add_queue_member(sales.id, agents[0].id).await?;
    sb.add_queue_member(sales.id, agents[1].id).await?;
    sb.set_widget_queue(support.id).await?;
    demo_attributes(sb, &agents[0]).await?;
    let key = sb.widget_key().await?;
    for (name, email, text, taker) in DEMO_CUSTOMERS {
        let session = sb
            .start_widget_session(
                &key,
                crate::Visitor {
                    name: Some(name),
                    email: Some(email),
                    ..Default::default()
                },
            )
            .await?;
        let contact = sb.contact_for_token(&session.contact_token).await?;
        let attributes = [
            (
                "Plan",
                if email.starts_with('t') {
                    "Business"
                } else {
                    "Starter"
                },
            ),
            (
                "Country",
                if email.starts_with('y') {
                    "Japan"
                } else {
                    "Spain"
                },
            ),
            ("Orders", "3"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        sb.site_sets_attributes(&contact, &attributes, false)
            .await?;
        let sent = sb
            .customer_send(&contact, &uuid::Uuid::new_v4().to_string(), text)
            .await?;
        if let Some(i) = taker {
            let agent = &agents[i];
            sb.accept(agent, sent.conversation.number).await?;
            let reply = format!(
                "Hi {}, {} here. Let me look into that for you.",
                name.split(' ').next().unwrap_or(name),
                agent.name
            );
            sb.send_message(
                agent,
                sent.conversation.number,
                &uuid::Uuid::new_v4().to_string(),
                &reply,
                false,
                true,
            )
            .await?;
        }
    }
    team_chat(sb, &agents).await?;
    past_weeks(sb, &agents, &[support.id, sales.id], &key).await?;
    Ok(Loaded::Fresh)
}

/// The weeks before: customers who wrote in, were answered and resolved,
/// and often rated it, so the reports have something to show.
const PAST_DAYS: i64 = 56;
const PAST_CUSTOMERS: [&str; 12] = [
    "Lena Fischer",
    "Omar Haddad",
    "Sofia Rossi",
    "Jonas Berg",
    "Aisha Khan",
    "Liam Murphy",
    "Emma Dubois",
    "Kenji Sato",
    "Olivia Brown",
    "Mateo López",
    "Nora Hansen",
    "Ravi Patel",
];
const PAST_QUESTIONS: [&str; 6] = [
    "Where is my order?",
    "How do I change my delivery address?",
    "I was charged twice for the same order.",
    "Can I return an item after 30 days?",
    "Do you have this in a larger size?",
    "My discount code doesn't work.",
];
const PAST_COMMENTS: [&str; 4] = [
    "Quick and friendly, thanks!",
    "Solved in minutes.",
    "Took a while to hear back.",
    "Still waiting for the refund.",
];

/// A small deterministic generator (the same demo every time).
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % below.max(1)
    }

    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.roll((high - low).max(1) as u64) as i64
    }
}

async fn past_weeks(
    sb: &Switchboard,
    agents: &[switchboard_types::Agent],
    queues: &[i64],
    key: &str,
) -> Result<()> {
    use crate::reports::{DAY_MS, HOUR_MS};
    use crate::store::{PastConversation, PastEntry};
    use switchboard_types::EventType;
    const MINUTE: i64 = 60_000;
    let mut contacts = Vec::new();
    for name in PAST_CUSTOMERS {
        let session = sb
            .start_widget_session(
                key,
                crate::Visitor {
                    name: Some(name),
                    ..Default::default()
                },
            )
            .await?;
        contacts.push(sb.contact_for_token(&session.contact_token).await?.id);
    }
    let mut dice = Dice(0x5EED_CAFE);
    let today = crate::clock::now_ms() / DAY_MS * DAY_MS;
    let mut past = Vec::new();
    for day in (1..=PAST_DAYS).rev() {
        let start = today - day * DAY_MS;
        // 1970-01-01 was a Thursday: day 3 of a week counted from Monday.
        let weekday = (start / DAY_MS + 3) % 7;
        let count = if weekday >= 5 {
            dice.between(2, 6)
        } else {
            dice.between(9, 20)
        };
        for _ in 0..count {
            // Mostly in office hours (UTC), busiest late morning.
            let hour =
                [8, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 16, 17, 19, 21][dice.roll(15) as usize];
            let created_at = start + hour * HOUR_MS + dice.between(0, 59) * MINUTE;
            let agent = &agents[dice.roll(agents.len() as u64) as usize];
            let asked = PAST_QUESTIONS[dice.roll(PAST_QUESTIONS.len() as u64) as usize];
            let answered_at =
                created_at + dice.between(1, if weekday >= 5 { 90 } else { 25 }) * MINUTE;
            let resolved_at = answered_at + dice.between(5, 6 * 60) * MINUTE;
            let message = |at: i64, by_agent: bool, body: &str| PastEntry {
                at,
                body: Some(body.to_string()),
                by_agent,
                event: None,
            };
            let event = |at: i64, event: EventType| PastEntry {
                at,
                body: None,
                by_agent: true,
                event: Some(event),
            };
            let mut entries = vec![
                event(created_at, EventType::Created),
                message(created_at, false, asked),
                event(answered_at - MINUTE / 2, EventType::Accepted),
                message(
                    answered_at,
                    true,
                    "Thanks for writing in, let me check that for you.",
                ),
                message(resolved_at - 2 * MINUTE, false, "Great, thank you!"),
                event(resolved_at, EventType::Resolved),
            ];
            // Now and then the customer was back: reopened, resolved again.
            let mut ended = resolved_at;
            if dice.roll(12) == 0 {
                let reopened = resolved_at + dice.between(30, 24 * 60) * MINUTE;
                ended = reopened + dice.between(10, 120) * MINUTE;
                entries.push(event(reopened, EventType::Reopened));
                entries.push(message(
                    reopened + MINUTE,
                    true,
                    "Sorry, one more thing on this: it's sorted now.",
                ));
                entries.push(event(ended, EventType::Resolved));
            }
            let rating = (dice.roll(10) < 4).then(|| {
                let score = [5, 5, 5, 4, 4, 4, 3, 2, 5, 1][dice.roll(10) as usize];
                let comment = (dice.roll(3) == 0).then(|| {
                    PAST_COMMENTS[if score >= 4 {
                        dice.roll(2)
                    } else {
                        2 + dice.roll(2)
                    } as usize]
                        .to_string()
                });
                (score, comment)
            });
            if rating.is_some() {
                entries.push(event(
                    ended + dice.between(1, 30) * MINUTE,
                    EventType::Rated,
                ));
            }
            past.push(PastConversation {
                contact_id: contacts[dice.roll(contacts.len() as u64) as usize],
                queue_id: Some(queues[usize::from(dice.roll(4) == 0)]),
                agent_id: agent.id,
                created_at,
                entries,
                rating,
            });
        }
    }
    sb.insert_past_conversations(&past).await
}

/// What the shop keeps on its customers (the site sets them, agents fill
/// them in), and a pre-chat form a new customer may answer or skip.
async fn demo_attributes(sb: &Switchboard, admin: &switchboard_types::Agent) -> Result<()> {
    use switchboard_types::{AttributeDraft, AttributeKind, PrechatMode, PrechatSettings};
    let defined: [(&str, AttributeKind, &[&str]); 3] = [
        (
            "Plan",
            AttributeKind::List,
            &["Starter", "Business", "Enterprise"],
        ),
        ("Orders", AttributeKind::Number, &[]),
        ("Country", AttributeKind::Text, &[]),
    ];
    for (name, kind, options) in defined {
        let draft = AttributeDraft {
            name: Some(name.into()),
            kind: Some(kind),
            options: (!options.is_empty()).then(|| options.iter().map(|o| o.to_string()).collect()),
            position: None,
        };
        sb.create_attribute(admin, &draft).await?;
    }
    let prechat = PrechatSettings {
        mode: PrechatMode::Optional,
        fields: vec!["name".into(), "email".into()],
        consent: None,
        consent_url: None,
    };
    sb.change_widget_settings(
        admin,
        &switchboard_types::WidgetSettingsChange {
            prechat: Some(prechat),
            ..Default::default()
        },
    )
    .await
}

/// A #general channel everyone is in, with a little said already.
async fn team_chat(sb: &Switchboard, agents: &[switchboard_types::Agent]) -> Result<()> {
    let (ada, ben, chloe) = (&agents[0], &agents[1], &agents[2]);
    let general = sb
        .create_channel(ada, "general", "Everything the team needs to know", false)
        .await?
        .channel
        .id;
    sb.invite_to_channel(ada, general, &[ben.id, chloe.id])
        .await?;
    let said = [
        (
            ada,
            "Morning all! Card payments were flaky overnight, keep an eye out.",
        ),
        (
            ben,
            "Will do. @Chloé, can you take #3 if it's about the checkout?",
        ),
    ];
    for (who, text) in said {
        sb.send_chat_message(who, general, &uuid::Uuid::new_v4().to_string(), text, &[])
            .await?;
    }
    let direct = sb.start_direct(ben, &[ada.id]).await?.channel.id;
    sb.send_chat_message(
        ben,
        direct,
        &uuid::Uuid::new_v4().to_string(),
        "Ada, do we refund shipping when a parcel is late?",
        &[],
    )
    .await?;
    Ok(())
}
