//! The widget's pre-chat form, on both databases: admins set it with the
//! widget's settings, new customers are asked (verified ones and those
//! who wrote before are not), and the answers fill the record, logged and
//! told to every agent.

use switchboard_core::on_both;
use switchboard_core::testing::{agent, given};
use switchboard_core::types::{
    AttributeDraft, AttributeKind, LiveEvent, PrechatMode, PrechatSettings, Role,
    WidgetSettingsChange,
};
use switchboard_core::{Error, Viewer, Visitor};

on_both! {
    new_customers_answer_the_form_and_fill_their_record(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let plan = AttributeDraft { name: Some("plan".into()), kind: Some(AttributeKind::List), options: Some(vec!["Free".into(), "Pro".into()]), position: None };
        sb.create_attribute(&admin, &plan).await.unwrap();
        let key = sb.widget_key().await.unwrap();
        // Off until an admin sets it.
        let first = sb.start_widget_session(&key, Visitor::default()).await.unwrap();
        assert!(!first.ask_prechat);
        assert!(sb.prechat_form().await.unwrap().is_none());

        let form = PrechatSettings {
            mode: PrechatMode::Required,
            fields: vec!["name".into(), "email".into(), "plan".into()],
            consent: Some("I agree that my details are kept to answer me.".into()),
            consent_url: Some("https://shop.example/privacy".into()),
        };
        let set = |prechat| WidgetSettingsChange { prechat: Some(prechat), ..Default::default() };
        assert!(matches!(sb.change_widget_settings(&ben, &set(form.clone())).await, Err(Error::Forbidden(_))));
        let unknown = PrechatSettings { fields: vec!["shoe".into()], ..form.clone() };
        assert!(matches!(sb.change_widget_settings(&admin, &set(unknown)).await, Err(Error::Invalid(_))));
        sb.change_widget_settings(&admin, &set(form.clone())).await.unwrap();
        let shown = sb.prechat_form().await.unwrap().unwrap();
        assert!(shown.required);
        assert_eq!(shown.fields.iter().map(|f| f.input.as_str()).collect::<Vec<_>>(), ["text", "email", "list"]);

        // A new visitor is asked; a verified one and one who wrote are not.
        let session = sb.start_widget_session(&key, Visitor::default()).await.unwrap();
        assert!(session.ask_prechat);
        let customer = sb.contact_for_token(&session.contact_token).await.unwrap();
        let secret = sb.widget_settings(&admin, "https://support.example").await.unwrap().identity_secret;
        let hash = switchboard_core::auth::identity_hash(&secret, "user-7");
        let verified = sb.start_widget_session(&key, Visitor { identifier: Some("user-7"), identifier_hash: Some(&hash), ..Default::default() }).await.unwrap();
        assert!(!verified.ask_prechat);
        let verified_customer = sb.contact_for_token(&verified.contact_token).await.unwrap();
        assert!(matches!(sb.answer_prechat(&verified_customer, &given(&[("name", "Mallory"), ("email", "m@example.com"), ("plan", "Pro")]), true).await, Err(Error::Conflict(_))));

        // Checked: consent, every answer, each in its form; nothing written until all fit.
        let answers = given(&[("name", "Pat Smith"), ("email", "pat@example.com"), ("plan", "pro")]);
        assert!(sb.answer_prechat(&customer, &answers, false).await.unwrap_err().to_string().contains("tick the box"));
        assert!(sb.answer_prechat(&customer, &given(&[("name", "Pat Smith")]), true).await.unwrap_err().to_string().contains("email, plan"));
        assert!(matches!(sb.answer_prechat(&customer, &given(&[("name", "Pat"), ("email", "pat"), ("plan", "Pro")]), true).await, Err(Error::Invalid(_))));
        let event_id = sb.last_event_id().await.unwrap();
        sb.answer_prechat(&customer, &answers, true).await.unwrap();
        let account = sb.contact_account(&ben, customer.id).await.unwrap();
        assert_eq!((account.contact.name.as_str(), account.contact.email.as_deref()), ("Pat Smith", Some("pat@example.com")));
        assert_eq!(account.attributes["plan"], "Pro");
        let logged = &account.log[0];
        assert_eq!((logged.kind.as_str(), logged.agent.is_none()), ("contact.prechat", true));
        assert!(logged.changes.iter().any(|c| c.field == "consent"));
        let frames = sb.replay(Viewer::Agent(ben.id), event_id).await.unwrap().unwrap();
        assert!(frames.iter().any(|f| matches!(f.event, LiveEvent::ContactUpdated { contact_id } if contact_id == customer.id)));
        // Answered: not asked again.
        assert!(!sb.resume_widget_session(&session.contact_token).await.unwrap().ask_prechat);
        let writer = sb.start_widget_session(&key, Visitor::default()).await.unwrap();
        let writer_customer = sb.contact_for_token(&writer.contact_token).await.unwrap();
        sb.customer_send(&writer_customer, &uuid::Uuid::new_v4().to_string(), "Hello").await.unwrap();
        assert!(!sb.resume_widget_session(&writer.contact_token).await.unwrap().ask_prechat);
    }
}
