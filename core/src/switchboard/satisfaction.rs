//! Customer satisfaction's use cases: the question a customer is asked
//! about their resolved conversation, their rating (changeable for a week),
//! and the ratings report (admins: everyone's; agents: their own).

use super::MailRoute;
use super::{setting, to_json, Switchboard};
use crate::clock::{now_ms, rfc3339};
use crate::email::{self, OutgoingMail};
use crate::error::{Error, Result};
use crate::reports::Period;
use crate::satisfaction;
use crate::store::{Actor, RatingsFilter};
use crate::Customer;
use switchboard_types::{
    Agent, RatingDraft, RatingRequest, SatisfactionQuery, SatisfactionReport, SatisfactionSettings,
};

/// The most ratings a report lists.
const MAX_LISTED: i64 = 500;
/// How long a node holds a rating mail it is sending.
const SENDING_CLAIM_MS: i64 = 60_000;

/// The mail asking an e-mail ticket's customer how it went: the question,
/// a link per score (`link(score)`), and that a reply reopens it.
fn rating_mail_text(
    question: &str,
    company: &str,
    number: i64,
    link: impl Fn(i64) -> String,
) -> String {
    let mut text = format!(
        "Your conversation #{number} with {company} is resolved.\n\n{question} Pick one:\n\n"
    );
    for (score, face, label) in switchboard_types::SCORES {
        text.push_str(&format!("{face} {score} {label}: {}\n", link(score)));
    }
    text.push_str(
        "\nIf something is still not right, reply to this e-mail: we'll pick it up again.\n",
    );
    text
}

impl Switchboard {
    /// Whether and how customers are asked (asked, by default).
    pub(super) async fn satisfaction_settings(&self) -> Result<SatisfactionSettings> {
        Ok(self
            .setting(setting::SATISFACTION)
            .await?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Checks and keeps the settings an admin saved (with the widget's).
    pub(super) async fn set_satisfaction_settings(
        &self,
        given: &SatisfactionSettings,
    ) -> Result<()> {
        let checked = satisfaction::settings(given)?;
        self.set_setting(setting::SATISFACTION, &to_json(&checked)?)
            .await
    }

    /// What the customer is asked about their conversation `number`, and
    /// their rating so far. Not found when customers are not asked, or
    /// the conversation is not theirs.
    pub async fn rating_request(&self, contact: &Customer, number: i64) -> Result<RatingRequest> {
        let settings = self.satisfaction_settings().await?;
        if !settings.ask {
            return Err(Error::NotFound("rating question"));
        }
        let conversation = self
            .store
            .conversation(0, number)
            .await?
            .filter(|c| c.contact_id == contact.id && c.deleted_at.is_none())
            .ok_or(Error::NotFound("conversation"))?;
        let rating = self.store.rating(conversation.number).await?;
        Ok(RatingRequest {
            conversation_number: conversation.number,
            question: settings.question,
            choices: satisfaction::choices(),
            rating: rating.map(|r| r.into_rating()),
        })
    }

    /// The customer rates their resolved conversation, or changes their
    /// rating within a week: kept, written into its history and told to
    /// the agents live (a low one to every admin, when they asked).
    pub async fn rate(
        &self,
        contact: &Customer,
        number: i64,
        draft: &RatingDraft,
    ) -> Result<RatingRequest> {
        let settings = self.satisfaction_settings().await?;
        if !settings.ask {
            return Err(Error::Rule(
                "customers are not asked to rate conversations here".into(),
            ));
        }
        let given = satisfaction::score(draft)?;
        let now = now_ms();
        let actor = Actor::contact(&contact.name);
        let (rating, published) = self
            .store
            .rate(
                number,
                contact.id,
                &actor,
                &given,
                settings.alert_low,
                |state, first| satisfaction::may_rate(state, first, now),
            )
            .await?;
        self.published(published);
        Ok(RatingRequest {
            conversation_number: number,
            question: settings.question,
            choices: satisfaction::choices(),
            rating: Some(rating.into_rating()),
        })
    }

    /// The customer of conversation `number`, when `token` is its rating
    /// links' (`email::rating_token`); not found otherwise.
    async fn customer_by_rating_link(&self, number: i64, token: &str) -> Result<Customer> {
        let secret = self.reply_secret().await?;
        if !email::rating_token_valid(&secret, number, token) {
            return Err(Error::NotFound("conversation"));
        }
        let conversation = self
            .store
            .conversation(0, number)
            .await?
            .ok_or(Error::NotFound("conversation"))?;
        Ok(Customer {
            id: conversation.contact_id,
            name: conversation.contact_name,
            email: conversation.contact_email,
        })
    }

    /// What the rating page of a mailed link asks (see `rating_request`).
    pub async fn rating_request_by_link(&self, number: i64, token: &str) -> Result<RatingRequest> {
        let customer = self.customer_by_rating_link(number, token).await?;
        self.rating_request(&customer, number).await
    }

    /// A rating sent from the page of a mailed link (see `rate`).
    pub async fn rate_by_link(
        &self,
        number: i64,
        token: &str,
        draft: &RatingDraft,
    ) -> Result<RatingRequest> {
        let customer = self.customer_by_rating_link(number, token).await?;
        self.rate(&customer, number, draft).await
    }

    /// Mails the customers of resolved e-mail tickets that are due the
    /// question, with a link per score: each once, retried with back-off
    /// when the mail server cannot take it. Nothing goes when the ticket
    /// was reopened or rated meanwhile, when customers are not asked, or
    /// without an address for the links.
    pub async fn send_due_rating_mails(&self, route: &MailRoute) -> Result<usize> {
        let now = now_ms();
        let due = self.store.due_rating_mails(now, 20).await?;
        let settings = self.satisfaction_settings().await?;
        let mut sent = 0;
        for mail in due {
            let number = mail.conversation_number;
            let (Some(to), Some(base), true, true) = (
                mail.contact_email.as_deref(),
                route.link_base.as_deref(),
                mail.still_to_ask,
                settings.ask,
            ) else {
                self.store.rating_mail_done(number, None).await?;
                continue;
            };
            if !self
                .store
                .claim_rating_mail(number, now, now + SENDING_CLAIM_MS)
                .await?
            {
                continue;
            }
            let secret = self.reply_secret().await?;
            let company = self.company_name().await?;
            let text = rating_mail_text(&settings.question, &company, number, |score| {
                email::rating_link(base, &secret, number, score)
            });
            let subject = format!("{} [#{number}]", settings.question);
            let reply_to = email::reply_address(&secret, &route.reply_domain, number);
            let outcome = route
                .mailer
                .send(&OutgoingMail {
                    to,
                    to_name: Some(&mail.contact_name),
                    reply_to: &reply_to,
                    subject: &subject,
                    text: &text,
                    in_reply_to: None,
                    message_id: None,
                    files: &[],
                    ..Default::default()
                })
                .await;
            let retry_at = match outcome {
                Ok(()) => {
                    sent += 1;
                    None
                }
                Err(e) => {
                    let attempts = u32::try_from(mail.attempts).unwrap_or(0) + 1;
                    tracing::warn!(conversation = number, attempts, error = %e, "a rating mail could not be sent");
                    email::retry_at(&e, attempts, now_ms())
                }
            };
            self.store.rating_mail_done(number, retry_at).await?;
        }
        Ok(sent)
    }

    /// The ratings of a period with their figures: admins see everyone's
    /// (or one agent's), an agent their own alone.
    pub async fn satisfaction_report(
        &self,
        asking: &Agent,
        query: &SatisfactionQuery,
    ) -> Result<SatisfactionReport> {
        let agent_id = super::reports::whose_work(asking, query.agent_id)?;
        let Period { from, to } =
            Period::of(query.from.as_deref(), query.to.as_deref(), query.days)?;
        if query
            .score
            .is_some_and(|s| switchboard_types::score_words(s).is_none())
        {
            return Err(Error::Invalid("score is 1 to 5".into()));
        }
        let filter = RatingsFilter {
            from,
            to,
            agent_id,
            queue_id: query.queue_id,
            score: query.score,
        };
        let (rows, by_score, resolved) = self.store.ratings(filter, MAX_LISTED).await?;
        let rated: i64 = by_score.iter().sum();
        let total: i64 = by_score
            .iter()
            .zip(1..)
            .map(|(count, score)| count * score)
            .sum();
        let ratio = |part: i64, whole: i64| {
            (whole > 0).then(|| (part as f64 / whole as f64 * 10.0).round() / 10.0)
        };
        Ok(SatisfactionReport {
            from: rfc3339(from),
            to: rfc3339(to),
            resolved,
            rated,
            average: (rated > 0).then(|| (total as f64 / rated as f64 * 100.0).round() / 100.0),
            response_rate: ratio(rated * 100, resolved).map(|rate| rate.min(100.0)),
            by_score: by_score.to_vec(),
            ratings: rows.into_iter().map(|r| r.into_rated()).collect(),
        })
    }
}
