//! Customers as records agents keep, on both databases: editing the
//! details (checked, logged, told live), notes (their author's to edit),
//! the contact log, and finding customers.

use switchboard_core::on_both;
use switchboard_core::testing::{agent, visitor};
use switchboard_core::types::{ContactChange, ContactSort, LiveEvent, Role};
use switchboard_core::{Error, Viewer};

on_both! {
    agents_edit_a_customers_details_and_the_log_says_who_changed_what(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let customer = visitor(&sb).await;
        let number = sb.customer_send(&customer, &uuid::Uuid::new_v4().to_string(), "Hi").await.unwrap().conversation.number;
        let event_id = sb.last_event_id().await.unwrap();

        let change = ContactChange {
            name: Some(" Pat Smith ".into()),
            phone: Some("+49 30 1234567".into()),
            company: Some("Acme".into()),
            ..Default::default()
        };
        let account = sb.edit_contact(&ada, customer.id, &change).await.unwrap();
        assert_eq!(account.contact.name, "Pat Smith");
        assert_eq!((account.phone.as_deref(), account.company.as_deref()), (Some("+49 30 1234567"), Some("Acme")));
        // The lists follow the new name; every agent hears of the change.
        assert_eq!(sb.conversation(&ben, number).await.unwrap().contact.name, "Pat Smith");
        let frames = sb.replay(Viewer::Agent(ben.id), event_id).await.unwrap().unwrap();
        assert!(frames.iter().any(|f| matches!(f.event, LiveEvent::ContactUpdated { contact_id } if contact_id == customer.id)));
        assert!(frames.iter().any(|f| matches!(&f.event, LiveEvent::ConversationUpdated { conversation } if conversation.contact.name == "Pat Smith")));

        // Bad input is refused, saying why, and changes nothing.
        let bad = ContactChange { email: Some("pat at acme".into()), name: Some("Someone Else".into()), ..Default::default() };
        assert!(matches!(sb.edit_contact(&ben, customer.id, &bad).await, Err(Error::Invalid(m)) if m.contains("not an e-mail address")));
        assert!(matches!(sb.edit_contact(&ben, 999_999, &change).await, Err(Error::NotFound(_))));
        // Clearing a field, and an edit that changes nothing (no entry).
        sb.edit_contact(&ben, customer.id, &ContactChange { company: Some(String::new()), ..Default::default() }).await.unwrap();
        let account = sb.edit_contact(&ben, customer.id, &ContactChange { name: Some("Pat Smith".into()), ..Default::default() }).await.unwrap();
        assert_eq!((account.contact.name.as_str(), account.company), ("Pat Smith", None));

        let log: Vec<(String, String, Vec<String>)> = account.log.iter().map(|e| (
            e.agent.as_ref().unwrap().name.clone(),
            e.kind.clone(),
            e.changes.iter().map(|c| format!("{}: {:?} → {:?}", c.field, c.from, c.to)).collect(),
        )).collect();
        assert_eq!(log, [
            ("Ben".to_string(), "contact.edited".to_string(), vec!["company: Some(\"Acme\") → None".to_string()]),
            ("Ada".into(), "contact.edited".into(), vec![
                "name: Some(\"Visitor\") → Some(\"Pat Smith\")".to_string(),
                "phone: None → Some(\"+49 30 1234567\")".into(),
                "company: None → Some(\"Acme\")".into(),
            ]),
        ]);
    }

    notes_are_the_teams_to_read_and_their_authors_to_edit(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let root = agent(&sb, "Root", Role::Admin).await;
        let customer = visitor(&sb).await;
        let note = sb.add_contact_note(&ada, customer.id, "  Prefers e-mail over phone \n").await.unwrap();
        assert_eq!((note.body.as_str(), note.author.name.as_str(), note.editable), ("Prefers e-mail over phone", "Ada", true));
        assert!(matches!(sb.add_contact_note(&ada, customer.id, "   ").await, Err(Error::Invalid(_))));
        assert!(matches!(sb.add_contact_note(&ada, 999_999, "x").await, Err(Error::NotFound(_))));

        // Ben reads it but may not change it; Ada may.
        let seen = sb.contact_account(&ben, customer.id).await.unwrap();
        assert_eq!(seen.notes.len(), 1);
        assert!(!seen.notes[0].editable && !seen.notes[0].deletable);
        assert!(matches!(sb.edit_contact_note(&ben, customer.id, note.id, "mine now").await, Err(Error::Forbidden(_))));
        assert!(matches!(sb.delete_contact_note(&ben, customer.id, note.id).await, Err(Error::Forbidden(_))));
        let edited = sb.edit_contact_note(&ada, customer.id, note.id, "Prefers e-mail; never call before 10").await.unwrap();
        assert!(edited.edited_at.is_some());
        // A note is found under its own customer alone.
        let other = visitor(&sb).await;
        assert!(matches!(sb.edit_contact_note(&ada, other.id, note.id, "x").await, Err(Error::NotFound(_))));
        // Admins may delete it.
        sb.delete_contact_note(&root, customer.id, note.id).await.unwrap();
        let account = sb.contact_account(&ada, customer.id).await.unwrap();
        assert!(account.notes.is_empty());
        let kinds: Vec<&str> = account.log.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["note.deleted", "note.edited", "note.added"]);
    }

    customers_are_found_by_what_the_team_knows_of_them(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let mut customers = Vec::new();
        for (name, company) in [("Zoe Zimmer", "Acme GmbH"), ("Anna Arndt", "50% Off Ltd"), ("Max Mohr", "")] {
            let customer = visitor(&sb).await;
            let change = ContactChange { name: Some(name.into()), company: Some(company.into()), ..Default::default() };
            sb.edit_contact(&ada, customer.id, &change).await.unwrap();
            customers.push(customer);
        }
        let plan = [("plan".to_string(), "Platinum".to_string())].into();
        sb.site_sets_attributes(&customers[2], &plan, false).await.unwrap();
        sb.customer_send(&customers[0], &uuid::Uuid::new_v4().to_string(), "Hello").await.unwrap();
        let names = |page: switchboard_core::types::ContactPage| page.contacts.into_iter().map(|c| c.contact.name).collect::<Vec<_>>();
        assert_eq!(names(sb.contacts(&ada, "", ContactSort::Name, 0).await.unwrap()), ["Anna Arndt", "Max Mohr", "Zoe Zimmer"]);
        assert_eq!(names(sb.contacts(&ada, " ACME ", ContactSort::Name, 0).await.unwrap()), ["Zoe Zimmer"]);
        assert_eq!(names(sb.contacts(&ada, "50%", ContactSort::Name, 0).await.unwrap()), ["Anna Arndt"], "% is a character, not a wildcard");
        assert!(names(sb.contacts(&ada, "nobody at all", ContactSort::Name, 0).await.unwrap()).is_empty());
        assert_eq!(names(sb.contacts(&ada, "platinum", ContactSort::Name, 0).await.unwrap()), ["Max Mohr"], "what the site said");
        assert!(matches!(sb.contacts(&ada, "", ContactSort::Name, -1).await, Err(Error::Invalid(_))));
        // The latest to write first, with how many conversations they had.
        let latest = sb.contacts(&ada, "", ContactSort::LastSeen, 0).await.unwrap().contacts;
        assert_eq!((latest[0].contact.name.as_str(), latest[0].conversations), ("Zoe Zimmer", 1));
        assert!(latest[0].last_seen_at.is_some() && latest[1].last_seen_at.is_none());
        // Fifty a page; the next begins where it says.
        for _ in 0..50 {
            visitor(&sb).await;
        }
        let first = sb.contacts(&ada, "", ContactSort::Newest, 0).await.unwrap();
        assert_eq!((first.contacts.len(), first.next_offset), (50, Some(50)));
        let second = sb.contacts(&ada, "", ContactSort::Newest, 50).await.unwrap();
        assert_eq!((second.contacts.len(), second.next_offset), (3, None));
        assert_eq!(second.contacts[2].contact.name, "Zoe Zimmer", "the oldest customer last");
    }
}
