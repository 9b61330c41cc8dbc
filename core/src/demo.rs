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
    Ok(Loaded::Fresh)
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
