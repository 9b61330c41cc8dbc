//! Unit tests of `lifecycle.rs`.

use super::*;
use switchboard_types::{Availability, Role};

fn agent(id: i64, name: &str, role: Role) -> Agent {
    Agent {
        id,
        name: name.into(),
        email: format!("{name}@example.com"),
        role,
        availability: Availability::Online,
    }
}

fn ada() -> Agent {
    agent(1, "Ada", Role::Agent)
}

fn ben() -> Agent {
    agent(2, "Ben", Role::Agent)
}

fn root() -> Agent {
    agent(3, "Root", Role::Admin)
}

fn state(status: ConversationStatus, assignee: Option<&Agent>) -> ConversationState {
    ConversationState {
        status,
        assignee: assignee.map(Agent::reference),
        queue_id: None,
        resolved_by: None,
        snoozed_until: None,
        deleted: false,
        merged_into: None,
    }
}

fn next(outcome: Result<Outcome>) -> (ConversationState, &'static str) {
    match outcome {
        Ok(Outcome::Changed(c)) => (c.next, c.event.as_str()),
        other => panic!("expected a change, got {other:?}"),
    }
}

/// The buttons an agent is offered, as `(action, shown, enabled)`.
fn offered(actions: &ConversationActions) -> Vec<(&'static str, bool, bool)> {
    [
        ("accept", &actions.accept),
        ("take_over", &actions.take_over),
        ("assign", &actions.assign),
        ("transfer", &actions.transfer),
        ("return", &actions.return_to_pending),
        ("resolve", &actions.resolve),
        ("reopen", &actions.reopen),
        ("snooze", &actions.snooze),
        ("delete", &actions.delete),
        ("restore", &actions.restore),
    ]
    .into_iter()
    .filter(|(_, p)| p.shown())
    .map(|(name, p)| (name, p.shown(), p.allowed))
    .collect()
}

#[test]
fn the_actions_offered_follow_the_rules() {
    let now = 1_000_000;
    let pending = state(ConversationStatus::Pending, None);
    assert_eq!(
        offered(&actions(&pending, &ada(), now)),
        [
            ("accept", true, true),
            ("assign", true, true),
            ("transfer", true, true),
            ("resolve", true, true),
            ("snooze", true, true),
        ]
    );
    // Held by Ben: Ada may take it over (not accept it), and sees Resolve
    // refused, saying why; an admin may also return it and delete it.
    let bens = state(ConversationStatus::WorkingOn, Some(&ben()));
    let for_ada = actions(&bens, &ada(), now);
    assert!(for_ada
        .resolve
        .reason
        .as_deref()
        .unwrap()
        .contains("assigned to Ben"));
    assert_eq!(
        offered(&for_ada),
        [
            ("take_over", true, true),
            ("assign", true, true),
            ("transfer", true, true),
            ("resolve", true, false),
            ("snooze", true, true),
        ]
    );
    assert_eq!(
        offered(&actions(&bens, &root(), now)),
        [
            ("take_over", true, true),
            ("assign", true, true),
            ("transfer", true, true),
            ("return", true, true),
            ("resolve", true, false),
            ("snooze", true, true),
            ("delete", true, true),
        ]
    );
    // Ben's own: nothing to accept or take; he may give it to a colleague.
    assert_eq!(
        offered(&actions(&bens, &ben(), now)),
        [
            ("assign", true, true),
            ("transfer", true, true),
            ("return", true, true),
            ("resolve", true, true),
            ("snooze", true, true),
        ]
    );
    // Resolved: only reopened (or deleted by an admin).
    let resolved = state(ConversationStatus::Resolved, Some(&ben()));
    assert_eq!(
        offered(&actions(&resolved, &ada(), now)),
        [("reopen", true, true)]
    );
    // Snoozed: not snoozed again until it is back.
    let snoozed = state(ConversationStatus::Snoozed, Some(&ada()));
    assert!(!actions(&snoozed, &ada(), now).snooze.shown());
    // Deleted: an admin restores it, nobody acts on it otherwise.
    let deleted = ConversationState {
        deleted: true,
        ..pending
    };
    assert_eq!(
        offered(&actions(&deleted, &root(), now)),
        [("restore", true, true)]
    );
}

#[test]
fn a_pending_conversation_can_be_taken() {
    let (s, event) = next(accept(&state(ConversationStatus::Pending, None), &ada()));
    assert_eq!(
        (s.status, s.assignee.unwrap().id, event),
        (ConversationStatus::WorkingOn, 1, "conversation.accepted")
    );
}

#[test]
fn accepting_what_you_hold_is_harmless() {
    let s = state(ConversationStatus::WorkingOn, Some(&ada()));
    assert_eq!(accept(&s, &ada()).unwrap(), Outcome::Unchanged);
}

#[test]
fn accepting_what_another_holds_names_the_holder() {
    let s = state(ConversationStatus::WorkingOn, Some(&ada()));
    match accept(&s, &ben()) {
        Err(Error::AlreadyAssigned { holder }) => assert_eq!(holder, "Ada"),
        other => panic!("expected already_assigned, got {other:?}"),
    }
}

#[test]
fn resolved_and_deleted_conversations_cannot_be_worked() {
    let resolved = state(ConversationStatus::Resolved, None);
    assert!(matches!(accept(&resolved, &ada()), Err(Error::Rule(_))));
    assert!(matches!(
        assign(&resolved, &ben().reference()),
        Err(Error::Rule(_))
    ));
    assert!(matches!(snooze(&resolved, 10, 1), Err(Error::Rule(_))));
    let mut deleted = state(ConversationStatus::Pending, None);
    deleted.deleted = true;
    assert!(matches!(accept(&deleted, &ada()), Err(Error::NotFound(_))));
    assert!(matches!(resolve(&deleted, &ada()), Err(Error::NotFound(_))));
}

#[test]
fn taking_it_on_me_records_the_previous_holder() {
    let s = state(ConversationStatus::WorkingOn, Some(&ada()));
    match assign(&s, &ben().reference()).unwrap() {
        Outcome::Changed(c) => {
            assert_eq!(c.next.assignee.unwrap().id, 2);
            assert_eq!(c.data["from_agent"]["name"], "Ada");
        }
        Outcome::Unchanged => panic!("a take-over is a change"),
    }
}

#[test]
fn taking_over_is_for_what_a_colleague_holds() {
    let s = state(ConversationStatus::WorkingOn, Some(&ada()));
    let (next_state, event) = next(take_over(&s, &ben()));
    assert_eq!(
        (next_state.assignee.unwrap().id, event),
        (2, "conversation.assigned")
    );
    assert_eq!(take_over(&s, &ada()).unwrap(), Outcome::Unchanged);
    // A snoozed one comes back to work with its new holder.
    let snoozed = state(ConversationStatus::Snoozed, Some(&ada()));
    let (next_state, _) = next(take_over(&snoozed, &ben()));
    assert_eq!(next_state.status, ConversationStatus::WorkingOn);
    // Nobody holds it: accepted instead; resolved: reopened first.
    let pending = state(ConversationStatus::Pending, None);
    assert!(matches!(take_over(&pending, &ben()), Err(Error::Rule(_))));
    let resolved = state(ConversationStatus::Resolved, Some(&ada()));
    assert!(matches!(take_over(&resolved, &ben()), Err(Error::Rule(_))));
}

#[test]
fn a_transfer_to_a_queue_alone_goes_back_to_pending() {
    let support = Queue {
        id: 9,
        name: "Support".into(),
    };
    let s = state(ConversationStatus::WorkingOn, Some(&ada()));
    let (n, _) = next(transfer(&s, None, Some(&support)));
    assert_eq!(
        (n.status, n.assignee, n.queue_id),
        (ConversationStatus::Pending, None, Some(9))
    );
    let (n, _) = next(transfer(&s, Some(&ben().reference()), Some(&support)));
    assert_eq!(
        (n.status, n.assignee.unwrap().id, n.queue_id),
        (ConversationStatus::WorkingOn, 2, Some(9))
    );
    assert!(matches!(transfer(&s, None, None), Err(Error::Invalid(_))));
}

#[test]
fn only_the_holder_or_an_admin_returns_it() {
    let s = state(ConversationStatus::WorkingOn, Some(&ada()));
    assert!(matches!(
        return_to_pending(&s, &ben()),
        Err(Error::Forbidden(_))
    ));
    let (n, _) = next(return_to_pending(&s, &root()));
    assert_eq!((n.status, n.assignee), (ConversationStatus::Pending, None));
    assert_eq!(
        return_to_pending(&state(ConversationStatus::Pending, None), &ben()).unwrap(),
        Outcome::Unchanged
    );
}

#[test]
fn resolving_needs_it_unassigned_or_yours_even_for_admins() {
    let held = state(ConversationStatus::WorkingOn, Some(&ada()));
    assert!(matches!(resolve(&held, &ben()), Err(Error::Rule(_))));
    assert!(matches!(resolve(&held, &root()), Err(Error::Rule(_))));
    let (n, _) = next(resolve(&held, &ada()));
    assert_eq!(
        (n.status, n.resolved_by),
        (ConversationStatus::Resolved, Some(1))
    );
    let (n, _) = next(resolve(&state(ConversationStatus::Pending, None), &ben()));
    assert_eq!(n.resolved_by, Some(2));
    assert_eq!(resolve(&n, &ben()).unwrap(), Outcome::Unchanged);
}

#[test]
fn reopening_is_for_resolved_conversations() {
    let mut s = state(ConversationStatus::Resolved, Some(&ada()));
    s.resolved_by = Some(1);
    let (n, event) = next(reopen(&s));
    assert_eq!(
        (n.status, n.assignee, n.resolved_by, event),
        (
            ConversationStatus::Pending,
            None,
            None,
            "conversation.reopened"
        )
    );
    assert!(matches!(
        reopen(&state(ConversationStatus::Pending, None)),
        Err(Error::Rule(_))
    ));
}

#[test]
fn undoing_a_resolve_goes_back_to_the_holder() {
    let held = state(ConversationStatus::WorkingOn, Some(&ada()));
    let (resolved, _) = next(resolve(&held, &ada()));
    assert!(matches!(
        undo_resolve(&resolved, &ben()),
        Err(Error::Rule(_))
    ));
    let (back, event) = next(undo_resolve(&resolved, &ada()));
    assert_eq!(
        (
            back.status,
            back.assignee.unwrap().id,
            back.resolved_by,
            event
        ),
        (
            ConversationStatus::WorkingOn,
            1,
            None,
            "conversation.reopened"
        )
    );
    let (resolved, _) = next(resolve(&state(ConversationStatus::Pending, None), &ben()));
    let (back, _) = next(undo_resolve(&resolved, &ben()));
    assert_eq!(
        (back.status, back.assignee.clone()),
        (ConversationStatus::Pending, None)
    );
    assert_eq!(undo_resolve(&back, &ben()).unwrap(), Outcome::Unchanged);
}

#[test]
fn a_reply_in_a_resolved_conversation_reopens_it_for_whoever_replied() {
    let mut resolved = state(ConversationStatus::Resolved, Some(&ada()));
    resolved.resolved_by = Some(1);
    let (n, event) = next(reply(&resolved, &ben(), false));
    assert_eq!(
        (n.status, n.assignee.unwrap().id, n.resolved_by, event),
        (
            ConversationStatus::WorkingOn,
            2,
            None,
            "conversation.reopened"
        )
    );
    assert_eq!(reply(&resolved, &ben(), true).unwrap(), Outcome::Unchanged);
    let open = state(ConversationStatus::Pending, None);
    assert_eq!(reply(&open, &ben(), false).unwrap(), Outcome::Unchanged);
    let mut deleted = open;
    deleted.deleted = true;
    assert!(matches!(
        reply(&deleted, &ben(), false),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn snoozes_wake_to_their_holder_or_to_pending() {
    let held = state(ConversationStatus::WorkingOn, Some(&ada()));
    assert!(matches!(snooze(&held, 5, 10), Err(Error::Invalid(_))));
    assert!(matches!(
        snooze(&held, 10 + MAX_SNOOZE_MS + 1, 10),
        Err(Error::Invalid(_))
    ));
    let (snoozed, _) = next(snooze(&held, 100, 10));
    assert_eq!(snoozed.status, ConversationStatus::Snoozed);
    assert_eq!(wake_if_due(&snoozed, 99), Outcome::Unchanged);
    match wake_if_due(&snoozed, 100) {
        Outcome::Changed(c) => assert_eq!(
            (c.next.status, c.next.snoozed_until),
            (ConversationStatus::WorkingOn, None)
        ),
        Outcome::Unchanged => panic!("due: it wakes"),
    }
    let (pending_snooze, _) = next(snooze(&state(ConversationStatus::Pending, None), 100, 10));
    match wake(&pending_snooze) {
        Outcome::Changed(c) => assert_eq!(c.next.status, ConversationStatus::Pending),
        Outcome::Unchanged => panic!("a customer message wakes it"),
    }
}

#[test]
fn only_admins_delete_and_restore() {
    let s = state(ConversationStatus::Pending, None);
    assert!(matches!(delete(&s, &ada()), Err(Error::Forbidden(_))));
    let (deleted, _) = next(delete(&s, &root()));
    assert!(deleted.deleted);
    assert!(matches!(
        restore(&deleted, &ben()),
        Err(Error::Forbidden(_))
    ));
    let (restored, _) = next(restore(&deleted, &root()));
    assert!(!restored.deleted);
}

#[test]
fn bodies_are_trimmed_and_bounded() {
    assert_eq!(message_body("  hi \n").unwrap().as_str(), "hi");
    assert!(message_body("   ").is_err());
    assert!(message_body("a\0b").is_err());
    assert!(message_body(&"x".repeat(MAX_BODY_CHARS + 1)).is_err());
}

#[test]
fn client_ids_must_be_uuids() {
    assert!(client_id("8f0c1a52-6a0e-4a3b-9b1e-2f7f4f1d2c3b").is_ok());
    assert!(client_id("not-a-uuid").is_err());
}

fn side(number: i64, contact_id: i64, state: &ConversationState) -> MergeSide<'_> {
    MergeSide {
        number,
        contact_id,
        state,
    }
}

#[test]
fn merging_keeps_the_open_side_and_leaves_a_pointer() {
    let old = state(ConversationStatus::Resolved, Some(&ben()));
    let open = state(ConversationStatus::WorkingOn, Some(&ada()));
    // The open one merged into the old one: the old one takes its state.
    let merged = merge(side(12, 7, &open), side(5, 7, &old), &ada()).unwrap();
    assert_eq!(merged.into.next.status, ConversationStatus::WorkingOn);
    assert_eq!(merged.into.next.assignee, Some(ada().reference()));
    assert_eq!(merged.from.next.status, ConversationStatus::Resolved);
    assert_eq!(merged.from.next.merged_into, Some(5));
    assert_eq!(merged.from.event, EventType::Merged);
    assert_eq!(merged.from.data, json!({ "into": 5 }));
    assert_eq!(merged.into.data, json!({ "from": 12 }));
    // The old one merged into the open one: the open one stays as it is.
    let merged = merge(side(5, 7, &old), side(12, 7, &open), &ada()).unwrap();
    assert_eq!(merged.into.next, open);
    // A pointer is closed to everything, merging too.
    let pointer = merged.from.next;
    assert!(matches!(accept(&pointer, &ada()), Err(Error::Rule(m)) if m.contains("#12")));
    assert!(matches!(
        reply(&pointer, &ada(), false),
        Err(Error::Rule(_))
    ));
    assert!(matches!(
        merge(side(5, 7, &pointer), side(12, 7, &open), &root()),
        Err(Error::Rule(_))
    ));
}

#[test]
fn merging_needs_one_customer_and_no_colleagues_open_conversation() {
    let old = state(ConversationStatus::Resolved, Some(&ben()));
    let bens = state(ConversationStatus::WorkingOn, Some(&ben()));
    let pending = state(ConversationStatus::Pending, None);
    assert!(matches!(
        merge(side(5, 7, &old), side(5, 7, &old), &root()),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        merge(side(5, 7, &old), side(12, 8, &pending), &root()),
        Err(Error::Rule(m)) if m.contains("different customers")
    ));
    // Ben's open conversation is his (or an admin's) to merge; his resolved
    // one is anybody's.
    assert!(matches!(
        merge(side(5, 7, &old), side(12, 7, &bens), &ada()),
        Err(Error::Forbidden(m)) if m.contains("Ben holds #12")
    ));
    assert!(merge(side(5, 7, &old), side(12, 7, &bens), &ben()).is_ok());
    assert!(merge(side(5, 7, &old), side(12, 7, &bens), &root()).is_ok());
    assert!(merge(side(5, 7, &old), side(12, 7, &pending), &ada()).is_ok());
    let mut gone = pending.clone();
    gone.deleted = true;
    assert!(matches!(
        merge(side(5, 7, &old), side(12, 7, &gone), &root()),
        Err(Error::NotFound(_))
    ));
}
