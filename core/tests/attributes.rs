//! Customer attributes admins define, on both databases: definitions
//! (who may, names, kinds, order), values typed the same way whether an
//! agent or the site writes them, the site leaving an agent's value alone
//! unless it says to overwrite, and the log and live events of each.

use switchboard_core::on_both;
use switchboard_core::testing::{agent, given, visitor};
use switchboard_core::types::{AttributeDraft, AttributeKind, ContactChange, LiveEvent, Role};
use switchboard_core::{Error, Viewer};

fn draft(name: &str, kind: AttributeKind, options: &[&str]) -> AttributeDraft {
    AttributeDraft {
        name: Some(name.into()),
        kind: Some(kind),
        options: (!options.is_empty()).then(|| options.iter().map(|o| o.to_string()).collect()),
        position: None,
    }
}

on_both! {
    admins_define_attributes_in_an_order_and_agents_only_read_them(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let event_id = sb.last_event_id().await.unwrap();
        let plan = sb.create_attribute(&admin, &draft("plan", AttributeKind::List, &["Free", "Pro"])).await.unwrap();
        let seats = sb.create_attribute(&admin, &draft("Seats", AttributeKind::Number, &[])).await.unwrap();
        let renews = sb.create_attribute(&admin, &draft("renews", AttributeKind::Date, &[])).await.unwrap();
        assert!(matches!(sb.create_attribute(&ben, &draft("vip", AttributeKind::YesNo, &[])).await, Err(Error::Forbidden(_))));
        assert!(matches!(sb.create_attribute(&admin, &draft("SEATS", AttributeKind::Text, &[])).await, Err(Error::Conflict(_))), "names are one in any case");
        assert!(matches!(sb.create_attribute(&admin, &draft("tier", AttributeKind::List, &[])).await, Err(Error::Invalid(_))), "a list needs choices");
        let names = |list: Vec<switchboard_core::types::AttributeDefinition>| list.into_iter().map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(names(sb.attribute_definitions(&ben).await.unwrap()), ["plan", "Seats", "renews"]);

        // Moved to the top; renamed; a list's choices changed; the kind stays.
        let moved = AttributeDraft { position: Some(1), ..Default::default() };
        sb.change_attribute(&admin, renews.id, &moved).await.unwrap();
        assert_eq!(names(sb.attribute_definitions(&ben).await.unwrap()), ["renews", "plan", "Seats"]);
        let changed = AttributeDraft { options: Some(vec!["Free".into(), "Pro".into(), "Enterprise".into()]), ..Default::default() };
        assert_eq!(sb.change_attribute(&admin, plan.id, &changed).await.unwrap().options.len(), 3);
        let retyped = AttributeDraft { kind: Some(AttributeKind::Text), ..Default::default() };
        assert!(matches!(sb.change_attribute(&admin, seats.id, &retyped).await, Err(Error::Invalid(_))));
        assert!(matches!(sb.change_attribute(&ben, seats.id, &moved).await, Err(Error::Forbidden(_))));
        sb.delete_attribute(&admin, seats.id).await.unwrap();
        assert!(matches!(sb.delete_attribute(&admin, seats.id).await, Err(Error::NotFound(_))));
        assert_eq!(names(sb.attribute_definitions(&ben).await.unwrap()), ["renews", "plan"]);
        // Every agent heard of each change, the definitions in order.
        let frames = sb.replay(Viewer::Agent(ben.id), event_id).await.unwrap().unwrap();
        let heard: Vec<Vec<String>> = frames
            .into_iter()
            .filter_map(|f| match f.event {
                LiveEvent::AttributesUpdated { attributes } => Some(names(attributes)),
                _ => None,
            })
            .collect();
        assert_eq!(heard.len(), 6, "three added, two changed, one removed: {heard:?}");
        assert_eq!(heard.last().unwrap(), &["renews", "plan"]);
    }

    agents_and_the_site_write_values_in_their_kinds_form(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        sb.create_attribute(&admin, &draft("plan", AttributeKind::List, &["Free", "Pro"])).await.unwrap();
        sb.create_attribute(&admin, &draft("vip", AttributeKind::YesNo, &[])).await.unwrap();
        sb.create_attribute(&admin, &draft("orders", AttributeKind::Number, &[])).await.unwrap();
        let customer = visitor(&sb).await;
        let event_id = sb.last_event_id().await.unwrap();

        // The site: typed, named as defined, other names as text.
        let set = sb.site_sets_attributes(&customer, &given(&[("Plan", "pro"), ("vip", "yes"), ("shoe", "42")]), false).await.unwrap();
        assert_eq!(set.attributes, given(&[("plan", "Pro"), ("shoe", "42"), ("vip", "true")]));
        assert!(set.kept.is_empty());
        let frames = sb.replay(Viewer::Agent(ben.id), event_id).await.unwrap().unwrap();
        assert!(frames.iter().any(|f| matches!(f.event, LiveEvent::ContactUpdated { contact_id } if contact_id == customer.id)));

        // A value that does not fit refuses the whole set, naming it.
        let refused = sb.site_sets_attributes(&customer, &given(&[("orders", "many"), ("shoe", "43")]), false).await.unwrap_err();
        assert!(refused.to_string().contains("`orders` is a number"), "{refused}");
        let account = sb.contact_account(&ben, customer.id).await.unwrap();
        assert_eq!(account.attributes["shoe"], "42", "nothing of a refused set is written");

        // An agent's edit is typed the same way and logged.
        let change = ContactChange { attributes: Some(given(&[("plan", "FREE"), ("orders", "12")])), ..Default::default() };
        let account = sb.edit_contact(&ben, customer.id, &change).await.unwrap();
        assert_eq!((account.attributes["plan"].as_str(), account.attributes["orders"].as_str()), ("Free", "12"));
        let logged = &account.log[0];
        assert_eq!(logged.kind, "contact.edited");
        assert!(logged.changes.iter().any(|c| c.field == "attributes.plan" && c.from.as_deref() == Some("Pro") && c.to.as_deref() == Some("Free")));
        assert!(account.log.iter().any(|l| l.kind == "contact.site_set" && l.agent.is_none()));
        let wrong = ContactChange { attributes: Some(given(&[("vip", "perhaps")])), name: Some("Pat".into()), ..Default::default() };
        assert!(matches!(sb.edit_contact(&ben, customer.id, &wrong).await, Err(Error::Invalid(_))));
        assert_eq!(sb.contact_account(&ben, customer.id).await.unwrap().contact.name, "Visitor", "a refused edit changes nothing");

        // The site leaves what an agent wrote alone unless it says so.
        let set = sb.site_sets_attributes(&customer, &given(&[("plan", "Pro"), ("vip", "no")]), false).await.unwrap();
        assert_eq!(set.kept, ["plan"]);
        assert_eq!((set.attributes["plan"].as_str(), set.attributes["vip"].as_str()), ("Free", "false"));
        let set = sb.site_sets_attributes(&customer, &given(&[("plan", "Pro")]), true).await.unwrap();
        assert_eq!(set.attributes["plan"], "Pro");
        // Overwritten, the value is the site's again: its next set goes in.
        let set = sb.site_sets_attributes(&customer, &given(&[("plan", "Free")]), false).await.unwrap();
        assert_eq!((set.attributes["plan"].as_str(), set.kept.len()), ("Free", 0));

        // An import is typed by the same definitions.
        let file = format!("id,attributes.orders\n{},lots\n", customer.id);
        let import = sb.import_contacts(&admin, &file, true).await.unwrap();
        assert!(import.rows[0].reason.as_deref().is_some_and(|r| r.contains("`orders` is a number")), "{:?}", import.rows[0]);
    }
}
