//! Where a first sync of 200,000 statements spends its time, natively (the same shape as the
//! dashboard bench in `tests/tools/ralph-bench.mjs`: 20,000 learners, 10 statements each, pages of
//! 10,000). Run: `cargo run --release -p hookwise-core --example lrs_profile`
//! (under `perf record -g` for a profile). Prints figures; asserts nothing but the counts.
use std::time::Instant;

use hookwise_core::course::CourseIndex;
use hookwise_core::lrs_sync::{read_page, Sync, SyncPoint};
use hookwise_core::misses::aggregate;
use hookwise_core::team::{decode_team, encode_team, LearnerFilter, SortKey, Team};

const BASE: &str = "https://learn.example/";
const VERBS: &str = "http://adlnet.gov/expapi/verbs/";

fn actor(i: u32) -> String {
    if i % 5 == 4 {
        format!(r#"{{"objectType":"Agent","account":{{"homePage":"{BASE}","name":"p-{i:06}"}}}}"#)
    } else {
        format!(r#"{{"objectType":"Agent","name":"Learner {i}","mbox":"mailto:learner{i}@acme-corp.example"}}"#)
    }
}

fn statement(n: u32, who: &str, verb: &str, lesson: &str, question: Option<&str>, result: &str, at: u64) -> String {
    let lesson_id = format!("{BASE}lessons/{lesson}");
    let object = match question {
        Some(q) => format!(r#"{{"objectType":"Activity","id":"{lesson_id}/questions/{q}","definition":{{"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice"}}}}"#),
        None => format!(r#"{{"objectType":"Activity","id":"{lesson_id}","definition":{{"name":{{"en-US":"{lesson}"}},"type":"http://adlnet.gov/expapi/activities/lesson"}}}}"#),
    };
    let time = |ms: u64| format!("2026-12-0{}T{:02}:{:02}:{:02}.{:03}Z", 1 + ms / 86_400_000, ms / 3_600_000 % 24, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!(
        r#"{{"id":"{:08x}-0000-4000-8000-{:012x}","actor":{who},"verb":{{"id":"{VERBS}{verb}","display":{{"en-US":"{verb}"}}}},"object":{object},"timestamp":"{}","context":{{"contextActivities":{{"grouping":[{{"objectType":"Activity","id":"{BASE}course"}}]}}}}{result},"stored":"{}","version":"1.0.0"}}"#,
        n, n, time(at), time(n as u64)
    )
}

fn main() {
    let course = CourseIndex::read(
        r#"{"title":"Hooks","version":"3","parts":[{"title":"p","lessons":[
            {"id":"little-hook","title":"The little hook","required":true,"pass_mark":80,"version":"1","content_hash":"h1"},
            {"id":"travel","title":"Travel","required":false,"pass_mark":70,"version":"1","content_hash":"h2"},
            {"id":"third","title":"Third","required":false,"pass_mark":70,"version":"1","content_hash":"h3"}]}]}"#,
    )
    .expect("course");
    let mut all = Vec::new();
    for i in 0..20_000u32 {
        let who = actor(i);
        for (k, lesson) in ["little-hook", "travel"].iter().enumerate() {
            let at = |m: u64| i as u64 * 1000 + k as u64 * 100 + m;
            let n = all.len() as u32;
            all.push(statement(n, &who, "initialized", lesson, None, "", at(0)));
            for q in ["q1", "q2", "q3"] {
                let ok = (i as usize + q.len()) % 3 != 0;
                let n = all.len() as u32;
                all.push(statement(n, &who, "answered", lesson, Some(q), &format!(r#","result":{{"success":{ok},"response":"a"}}"#), at(10)));
            }
            let (verb, score) = if i % 5 != 0 { ("passed", 90) } else { ("failed", 40) };
            let n = all.len() as u32;
            let result = format!(r#","result":{{"score":{{"scaled":{},"raw":{score},"min":0,"max":100}},"success":{},"completion":true,"duration":"PT2M0.00S"}}"#, score as f64 / 100.0, verb == "passed");
            all.push(statement(n, &who, verb, lesson, None, &result, at(20)));
        }
    }
    let pages: Vec<String> = all.chunks(10_000).map(|c| format!(r#"{{"statements":[{}],"more":""}}"#, c.join(","))).collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    println!("{} statements, {} pages, {:.1} MB", all.len(), pages.len(), bytes as f64 / 1e6);

    for round in 0..3 {
        let (mut team, mut sync) = (Team::default(), Sync::new(BASE, &SyncPoint::default()));
        let (mut read_ms, mut apply_ms) = (0.0, 0.0);
        for p in &pages {
            let t = Instant::now();
            let page = read_page(p.as_bytes()).expect("page");
            read_ms += t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            sync.apply(&mut team, &course, page);
            apply_ms += t.elapsed().as_secs_f64() * 1e3;
        }
        let t = Instant::now();
        sync.finish(&mut team);
        let finish_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let point = sync.point(0);
        let mut incremental = Sync::new(BASE, &point);
        let fresh: Vec<String> = (0..100u32).map(|i| statement(1_000_000 + i, &actor(i * 7), "passed", "third", None, r#","result":{"score":{"raw":100}}"#, 200_000_000)).collect();
        let fresh = format!(r#"{{"statements":[{}]}}"#, fresh.join(","));
        incremental.apply(&mut team, &course, read_page(fresh.as_bytes()).expect("fresh"));
        incremental.finish(&mut team);
        let incremental_ms = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!((sync.read, team.learners.len(), incremental.applied), (200_000, 20_000, 100));
        println!("round {round}: read {read_ms:.0} ms, apply {apply_ms:.0} ms, finish {finish_ms:.0} ms; incremental 100 {incremental_ms:.1} ms");
        // What follows a sync in the dashboard: saving (merging what is stored) and drawing.
        let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let text = encode_team(&team);
        let encode_ms = ms(t);
        let t = Instant::now();
        let stored = decode_team(&text).expect("decodes");
        let decode_ms = ms(t);
        let t = Instant::now();
        team.merge(stored);
        let merge_ms = ms(t);
        let t = Instant::now();
        let overview = team.overview(300_000_000, 365);
        let rows = team.rows(None, LearnerFilter::All, &SortKey::Name, false, 300_000_000, 365).len();
        let _ = (team.completion_per_lesson(300_000_000, 365), team.score_histogram(), team.teams(), team.lessons());
        let views_ms = ms(t);
        let t = Instant::now();
        let misses = aggregate(team.learners.values().map(|r| &r.misses));
        let misses_ms = ms(t);
        assert_eq!((overview.learners, rows), (20_000, 20_000));
        let _ = misses;
        println!("  saved {:.1} MB: encode {encode_ms:.0} ms, decode {decode_ms:.0} ms, merge {merge_ms:.0} ms; overview/rows/charts {views_ms:.0} ms, misses {misses_ms:.0} ms", text.len() as f64 / 1e6);
    }
}
