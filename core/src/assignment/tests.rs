//! Unit tests of `assignment.rs`.

use super::*;
use proptest::prelude::*;
use std::collections::HashMap;

fn agent(agent_id: i64, open_conversations: i64, capacity: i64) -> Candidate {
    Candidate {
        agent_id,
        online: true,
        open_conversations,
        capacity,
    }
}

fn away(agent_id: i64, open_conversations: i64, capacity: i64) -> Candidate {
    Candidate {
        online: false,
        ..agent(agent_id, open_conversations, capacity)
    }
}

/// How many conversations each agent got in a plan.
fn tally(answers: &[Option<i64>]) -> HashMap<i64, i64> {
    let mut counts = HashMap::new();
    for agent_id in answers.iter().flatten() {
        *counts.entry(*agent_id).or_insert(0) += 1;
    }
    counts
}

fn spread(counts: impl IntoIterator<Item = i64>) -> i64 {
    let counts: Vec<i64> = counts.into_iter().collect();
    let most = counts.iter().copied().max().unwrap_or(0);
    let fewest = counts.iter().copied().min().unwrap_or(0);
    most - fewest
}

#[test]
fn can_take_needs_online_and_room() {
    assert!(agent(1, 0, 1).can_take());
    assert!(agent(1, 4, 5).can_take());
    assert!(!agent(1, 5, 5).can_take(), "at capacity");
    assert!(!agent(1, 7, 5).can_take(), "over capacity");
    assert!(!agent(1, 0, 0).can_take(), "no capacity at all");
    assert!(!away(1, 0, 5).can_take(), "away or offline");
}

#[test]
fn a_follow_up_goes_first_to_who_helped_when_they_can_take_it() {
    let team = [agent(1, 0, 10), agent(2, 0, 10), agent(3, 3, 3)];
    let waiting = [(10, None), (11, Some(2)), (12, Some(3)), (13, Some(99))];
    let answers = plan_with_helpers(Policy::RoundRobin, &team, None, &waiting);
    // #11 to Ben who helped; #12's helper is full and #13's is gone:
    // they take turns with #10.
    assert_eq!(
        answers,
        vec![(10, Some(1)), (11, Some(2)), (12, Some(2)), (13, Some(1))]
    );
    let off = plan_with_helpers(Policy::Off, &team, None, &waiting);
    assert!(off.iter().all(|(_, agent)| agent.is_none()));
    let away_helper = [agent(1, 0, 10), away(2, 0, 10)];
    assert_eq!(
        plan_with_helpers(Policy::LeastBusy, &away_helper, None, &[(20, Some(2))]),
        vec![(20, Some(1))]
    );
}

#[test]
fn round_robin_takes_turns_in_id_order() {
    // Listed out of order on purpose: the turn follows agent ids.
    let team = [agent(2, 0, 10), agent(3, 0, 10), agent(1, 0, 10)];
    let answers = plan(Policy::RoundRobin, &team, None, 6);
    let expected = [1, 2, 3, 1, 2, 3].map(Some);
    assert_eq!(answers, expected);
}

#[test]
fn round_robin_goes_on_after_the_last_assigned_and_wraps() {
    let team = [agent(1, 0, 10), agent(2, 0, 10), agent(3, 0, 10)];
    assert_eq!(choose(Policy::RoundRobin, &team, None), Some(1));
    assert_eq!(choose(Policy::RoundRobin, &team, Some(1)), Some(2));
    assert_eq!(choose(Policy::RoundRobin, &team, Some(2)), Some(3));
    assert_eq!(choose(Policy::RoundRobin, &team, Some(3)), Some(1));
    let answers = plan(Policy::RoundRobin, &team, Some(2), 4);
    assert_eq!(answers, [3, 1, 2, 3].map(Some));
}

#[test]
fn round_robin_goes_on_after_an_agent_who_left_the_team() {
    let team = [agent(10, 0, 5), agent(20, 0, 5), agent(30, 0, 5)];
    assert_eq!(choose(Policy::RoundRobin, &team, Some(15)), Some(20));
    assert_eq!(choose(Policy::RoundRobin, &team, Some(99)), Some(10));
    assert_eq!(choose(Policy::RoundRobin, &team, Some(-5)), Some(10));
}

#[test]
fn round_robin_skips_agents_who_cannot_take() {
    let team = [
        agent(1, 0, 10),
        away(2, 0, 10),
        agent(3, 4, 4),
        agent(4, 0, 10),
    ];
    assert_eq!(choose(Policy::RoundRobin, &team, Some(1)), Some(4));
    let answers = plan(Policy::RoundRobin, &team, None, 4);
    assert_eq!(answers, [1, 4, 1, 4].map(Some));
}

#[test]
fn round_robin_is_fair_over_many_conversations() {
    let team: Vec<Candidate> = (1..=7).map(|id| agent(id, 0, 1000)).collect();
    let answers = plan(Policy::RoundRobin, &team, None, 300);
    assert_eq!(answers.len(), 300);
    assert!(answers.iter().all(Option::is_some));
    let counts = tally(&answers);
    assert_eq!(counts.len(), 7, "everyone got some: {counts:?}");
    assert!(
        spread(counts.values().copied()) <= 1,
        "counts differ by at most one: {counts:?}"
    );
    // 300 = 7 × 42 + 6: the first six in turn got one more.
    for id in 1..=6 {
        assert_eq!(counts[&id], 43);
    }
    assert_eq!(counts[&7], 42);
}

#[test]
fn round_robin_stays_fair_when_a_batch_resumes_after_another() {
    let team: Vec<Candidate> = (1..=5).map(|id| agent(id, 0, 1000)).collect();
    let first = plan(Policy::RoundRobin, &team, None, 13);
    let last = first.last().copied().flatten();
    let second = plan(Policy::RoundRobin, &team, last, 14);
    let both: Vec<Option<i64>> = first.into_iter().chain(second).collect();
    let counts = tally(&both);
    assert!(spread(counts.values().copied()) <= 1, "{counts:?}");
}

#[test]
fn least_busy_picks_the_fewest_open_conversations() {
    let team = [agent(1, 3, 10), agent(2, 1, 10), agent(3, 2, 10)];
    assert_eq!(choose(Policy::LeastBusy, &team, None), Some(2));
    assert_eq!(choose(Policy::LeastBusy, &team, Some(2)), Some(2));
}

#[test]
fn least_busy_passes_over_those_who_cannot_take() {
    let team = [away(1, 0, 10), agent(2, 1, 1), agent(3, 6, 10)];
    assert_eq!(choose(Policy::LeastBusy, &team, None), Some(3));
}

#[test]
fn least_busy_ties_take_turns() {
    let team = [agent(1, 2, 10), agent(2, 2, 10), agent(3, 2, 10)];
    assert_eq!(choose(Policy::LeastBusy, &team, None), Some(1));
    assert_eq!(choose(Policy::LeastBusy, &team, Some(1)), Some(2));
    assert_eq!(choose(Policy::LeastBusy, &team, Some(3)), Some(1));
    let answers = plan(Policy::LeastBusy, &team, Some(1), 6);
    assert_eq!(answers, [2, 3, 1, 2, 3, 1].map(Some));
}

#[test]
fn least_busy_evens_out_an_uneven_start() {
    let team = [
        agent(1, 5, 20),
        agent(2, 0, 20),
        agent(3, 2, 20),
        agent(4, 9, 20),
    ];
    // 16 open now and 20 more: nine each in the end.
    let answers = plan(Policy::LeastBusy, &team, None, 20);
    assert!(answers.iter().all(Option::is_some));
    let counts = tally(&answers);
    for member in &team {
        let given = counts.get(&member.agent_id).copied().unwrap_or(0);
        assert_eq!(member.open_conversations + given, 9, "{counts:?}");
    }
    // The least busy is served first, until they catch up.
    assert_eq!(answers[..2], [Some(2), Some(2)]);
}

#[test]
fn least_busy_gives_nothing_to_the_busiest_until_the_others_catch_up() {
    let team = [agent(1, 0, 50), agent(2, 0, 50), agent(3, 30, 50)];
    let answers = plan(Policy::LeastBusy, &team, None, 60);
    let counts = tally(&answers);
    assert_eq!(counts.get(&1), Some(&30));
    assert_eq!(counts.get(&2), Some(&30));
    assert_eq!(counts.get(&3), None);
}

#[test]
fn off_assigns_nobody() {
    let team = [agent(1, 0, 10), agent(2, 0, 10)];
    assert_eq!(choose(Policy::Off, &team, None), None);
    assert_eq!(choose(Policy::Off, &team, Some(1)), None);
    assert_eq!(plan(Policy::Off, &team, None, 3), vec![None; 3]);
    assert_eq!(Policy::default(), Policy::Off);
}

#[test]
fn a_full_or_offline_team_takes_nothing() {
    let full = [agent(1, 3, 3), agent(2, 5, 5)];
    let offline = [away(1, 0, 3), away(2, 0, 5)];
    let mixed = [agent(1, 3, 3), away(2, 0, 5), agent(3, 0, 0)];
    for policy in [Policy::RoundRobin, Policy::LeastBusy] {
        for team in [&full[..], &offline[..], &mixed[..], &[]] {
            assert_eq!(choose(policy, team, None), None, "{policy:?} {team:?}");
            assert_eq!(choose(policy, team, Some(1)), None, "{policy:?} {team:?}");
            assert_eq!(plan(policy, team, None, 4), vec![None; 4]);
        }
    }
}

#[test]
fn a_batch_larger_than_the_room_leaves_the_rest_waiting() {
    let team = [agent(1, 0, 2), agent(2, 1, 2), away(3, 0, 9)];
    for policy in [Policy::RoundRobin, Policy::LeastBusy] {
        let answers = plan(policy, &team, None, 5);
        assert_eq!(answers.len(), 5);
        assert!(answers[..3].iter().all(Option::is_some), "{answers:?}");
        assert_eq!(answers[3..], [None, None]);
        let counts = tally(&answers);
        assert_eq!(counts.get(&1), Some(&2));
        assert_eq!(counts.get(&2), Some(&1));
    }
}

#[test]
fn an_empty_batch_plans_nothing() {
    let team = [agent(1, 0, 2)];
    assert!(plan(Policy::RoundRobin, &team, None, 0).is_empty());
    assert!(plan(Policy::Off, &team, None, 0).is_empty());
}

#[test]
fn plan_matches_choosing_one_at_a_time() {
    let team = vec![
        agent(4, 1, 3),
        agent(1, 0, 2),
        away(2, 0, 9),
        agent(7, 2, 6),
    ];
    for policy in [Policy::RoundRobin, Policy::LeastBusy] {
        let answers = plan(policy, &team, Some(4), 12);
        let mut current = team.clone();
        let mut last = Some(4);
        for answer in &answers {
            let chosen = choose(policy, &current, last);
            assert_eq!(chosen, *answer, "{policy:?}");
            if let Some(id) = chosen {
                if let Some(member) = current.iter_mut().find(|c| c.agent_id == id) {
                    member.open_conversations += 1;
                }
                last = chosen;
            }
        }
    }
}

#[test]
fn names_read_back() {
    for policy in Policy::ALL {
        assert_eq!(policy.as_str().parse::<Policy>().ok(), Some(policy));
        assert_eq!(policy.to_string(), policy.as_str());
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(json, format!("\"{}\"", policy.as_str()));
        let back: Policy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, policy);
    }
    assert_eq!(
        " least_busy ".parse::<Policy>().ok(),
        Some(Policy::LeastBusy)
    );
    assert_eq!(Policy::Off.label(), "Off");
    assert_eq!(Policy::RoundRobin.label(), "Round robin");
    assert_eq!(Policy::LeastBusy.label(), "Least busy");
}

#[test]
fn an_unknown_policy_is_refused_with_the_choices() {
    for text in ["random", "", "Round robin", "ROUND_ROBIN", "least-busy"] {
        let Err(error) = parse_policy(text) else {
            panic!("`{text}` should be refused");
        };
        assert!(matches!(error, Error::Invalid(_)), "{error:?}");
        assert_eq!(error.code(), "invalid_input");
        let message = error.to_string();
        assert!(message.contains(&format!("`{text}`")), "{message}");
        for policy in Policy::ALL {
            assert!(message.contains(policy.as_str()), "{message}");
        }
    }
    assert_eq!(
        parse_policy("random").map_err(|e| e.to_string()),
        Err(
            "`random` is not an assignment policy (choose one of `off`, `round_robin`, `least_busy`)"
                .to_string()
        )
    );
}

fn any_policy() -> impl Strategy<Value = Policy> {
    prop::sample::select(Policy::ALL.to_vec())
}

/// Up to a dozen agents with distinct ids, some away, some full, some
/// already over capacity.
fn any_team() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::btree_set(-3i64..40, 0..12).prop_flat_map(|ids| {
        let n = ids.len();
        (
            Just(ids),
            prop::collection::vec((any::<bool>(), 0i64..8, 0i64..8), n),
        )
            .prop_map(|(ids, facts)| {
                ids.into_iter()
                    .zip(facts)
                    .map(
                        |(agent_id, (online, open_conversations, capacity))| Candidate {
                            agent_id,
                            online,
                            open_conversations,
                            capacity,
                        },
                    )
                    .collect()
            })
    })
}

proptest! {
    #[test]
    fn plans_respect_presence_and_capacity(
        policy in any_policy(),
        team in any_team(),
        last_assigned in prop::option::of(-5i64..45),
        waiting in 0usize..80,
    ) {
        let answers = plan(policy, &team, last_assigned, waiting);
        prop_assert_eq!(answers.len(), waiting);

        let counts = tally(&answers);
        for (agent_id, given) in &counts {
            let member = team.iter().find(|c| c.agent_id == *agent_id);
            prop_assert!(member.is_some(), "{} is not in the team", agent_id);
            if let Some(member) = member {
                prop_assert!(member.online, "{:?} is not online", member);
                prop_assert!(
                    member.open_conversations + given <= member.capacity,
                    "{:?} got {} more", member, given
                );
            }
        }

        let room: i64 = team
            .iter()
            .filter(|c| c.online)
            .map(|c| (c.capacity - c.open_conversations).max(0))
            .sum();
        let assigned = answers.iter().filter(|a| a.is_some()).count() as i64;
        if policy == Policy::Off {
            prop_assert_eq!(assigned, 0);
        } else {
            // Nobody is left waiting while someone could still take one.
            prop_assert_eq!(assigned, room.min(waiting as i64));
        }
        // Those left waiting are the newest.
        let first_waiting = answers.iter().position(Option::is_none).unwrap_or(waiting);
        prop_assert!(answers[first_waiting..].iter().all(Option::is_none));

        // The first of the batch is exactly who `choose` names.
        if waiting > 0 {
            prop_assert_eq!(answers[0], choose(policy, &team, last_assigned));
        }
    }

    #[test]
    fn least_busy_always_serves_someone_with_the_fewest(
        team in any_team(),
        last_assigned in prop::option::of(-5i64..45),
        waiting in 1usize..40,
    ) {
        let answers = plan(Policy::LeastBusy, &team, last_assigned, waiting);
        let mut current = team.clone();
        for answer in answers.iter().flatten() {
            let fewest = current
                .iter()
                .filter(|c| c.can_take())
                .map(|c| c.open_conversations)
                .min();
            let chosen = current.iter_mut().find(|c| c.agent_id == *answer);
            prop_assert!(chosen.is_some());
            if let Some(chosen) = chosen {
                prop_assert_eq!(Some(chosen.open_conversations), fewest);
                chosen.open_conversations += 1;
            }
        }
    }

    #[test]
    fn round_robin_spreads_evenly_when_there_is_room(
        size in 1i64..12,
        last_assigned in prop::option::of(0i64..14),
        waiting in 0usize..200,
    ) {
        let team: Vec<Candidate> = (1..=size).map(|id| agent(id, 0, 1000)).collect();
        let answers = plan(Policy::RoundRobin, &team, last_assigned, waiting);
        let counts = tally(&answers);
        let all = team
            .iter()
            .map(|c| counts.get(&c.agent_id).copied().unwrap_or(0));
        prop_assert!(spread(all) <= 1, "{:?}", counts);
    }
}
