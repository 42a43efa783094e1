//! The manager dashboard at `/team/`: import completion reports, see the team's overview,
//! charts and the learner × lesson matrix, export CSV. Imported data stays in this browser.
//!
//! It is its own bundle (`src/bin/team.rs`), so learners never download it.

use hookwise_core::report::{decode_file, encode_bundle, Imported, Report, ReportError, MAX_BUNDLE_BYTES};
use hookwise_core::team::{cell_status, csv, is_complete, learner_score, sort_import, Added, LearnerFilter, SortKey, Team};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::charts::{Bar, BarChart};
use crate::components::status::StatusBadge;
use crate::platform::{download, format_date, now, read_files};
use crate::storage;

const PAGE: usize = 50;

/// The outcome of one import, for the message shown after it.
#[derive(Clone, Default)]
struct ImportResult {
    new: usize,
    replaced: usize,
    older: usize,
    /// Lessons whose results were not kept, because this course does not have them.
    unknown_lessons: usize,
    failed: Vec<(String, String)>,
    millis: f64,
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The dashboard as a whole app: a header linking back to the course, and the page.
#[component]
pub fn TeamApp() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a href="/" class="brand">"hookwise"</a>
            <nav aria-label="Main">
                <a href="/">"Course"</a>
                <a href="/team/" aria-current="page">"Team"</a>
            </nav>
        </header>
        <main id="main" tabindex="-1"><Team/></main>
    }
}

#[component]
pub fn Team() -> impl IntoView {
    let (loaded, problem) = storage::load_team();
    let team = RwSignal::new(loaded);
    let notice: RwSignal<Option<String>> = RwSignal::new(problem);
    let result: RwSignal<Option<ImportResult>> = RwSignal::new(None);
    let overdue_days = RwSignal::new(365u32);
    let team_filter: RwSignal<String> = RwSignal::new(String::new());
    let status_filter = RwSignal::new(LearnerFilter::All);
    let sort: RwSignal<(SortKey, bool)> = RwSignal::new((SortKey::Name, false));
    let page = RwSignal::new(0usize);
    let selected: RwSignal<Option<String>> = RwSignal::new(None);
    let dragging = RwSignal::new(false);
    let confirming = RwSignal::new(false);

    let course = LocalResource::new(crate::fetch::course_index);
    // Reports of another course, held back until the manager says whether to import them.
    let held: RwSignal<Option<(Vec<Report>, Vec<String>)>> = RwSignal::new(None);
    let tab_notice: RwSignal<Option<String>> = RwSignal::new(None);

    // Adds reports and saves them merged with what another tab stored.
    let add_reports = move |reports: Vec<Report>, outcome: &mut ImportResult| {
        team.update(|t| {
            for report in reports {
                match t.add(report) {
                    Added::New => outcome.new += 1,
                    Added::Replaced => outcome.replaced += 1,
                    Added::Older => outcome.older += 1,
                }
            }
        });
        if outcome.new + outcome.replaced > 0 {
            if let Some(Err(p)) = team.try_update(storage::save_team) {
                notice.set(Some(format!("{} The imported reports are shown here but will be gone when you close this tab.", p.message().split(". ").next().unwrap_or_default())));
            }
        }
    };

    let import = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        let started = js_sys::Date::now();
        leptos::task::spawn_local(async move {
            let mut outcome = ImportResult::default();
            // Files too large even for a bundle are refused unread; the rest are read together.
            let (small, large): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.size() <= MAX_BUNDLE_BYTES as f64);
            for f in &large {
                let too_large = ReportError::TooLarge { size: f.size() as u64, limit: MAX_BUNDLE_BYTES as u64 };
                outcome.failed.push((f.name(), too_large.to_string()));
            }
            let texts = read_files(&small).await;
            let mut reports: Vec<Report> = Vec::with_capacity(small.len());
            for (file, text) in small.iter().zip(texts) {
                // A size in a message is the file's own, not the length of the text read.
                let real_size = |e: ReportError| match e {
                    ReportError::TooLarge { limit, .. } => ReportError::TooLarge { size: file.size() as u64, limit },
                    other => other,
                };
                match text.and_then(|t| decode_file(&t).map_err(|e| real_size(e).to_string())) {
                    Ok(Imported::Report(report)) => reports.push(report),
                    Ok(Imported::Bundle(items)) => {
                        for (i, item) in items.into_iter().enumerate() {
                            match item {
                                Ok(report) => reports.push(report),
                                Err(why) => outcome.failed.push((format!("{} (report {})", file.name(), i + 1), why.to_string())),
                            }
                        }
                    }
                    Err(why) => outcome.failed.push((file.name(), why)),
                }
            }
            // Against the course: other courses' reports wait for the manager's answer, and
            // results for lessons the course lacks are not kept.
            let reports = match course.await {
                Ok(index) => {
                    let sorted = sort_import(reports, &index);
                    outcome.unknown_lessons = sorted.unknown_lessons.len();
                    if !sorted.other_course.is_empty() {
                        let titles = sorted.other_titles();
                        // Added to any still waiting for an answer.
                        held.update(|h| {
                            let (reports, all_titles) = h.get_or_insert_with(Default::default);
                            reports.extend(sorted.other_course);
                            all_titles.extend(titles);
                            all_titles.sort();
                            all_titles.dedup();
                        });
                    }
                    sorted.ours
                }
                Err(_) => reports,
            };
            add_reports(reports, &mut outcome);
            page.set(0);
            outcome.millis = js_sys::Date::now() - started;
            result.set(Some(outcome));
        });
    };

    // Another tab imported or cleared reports: take them in, and say so.
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() != Some(storage::TEAM_KEY) {
            return;
        }
        if ev.new_value().is_none() {
            team.set(Team::default());
            selected.set(None);
            tab_notice.set(Some("Another tab cleared the imported data, so it is cleared here too.".into()));
        } else if let Some(stored) = storage::stored_team() {
            team.update(|t| t.merge(stored));
            tab_notice.set(Some("Another tab imported reports: they are included here.".into()));
        } else {
            tab_notice.set(Some("Another tab changed the imported data, and it could not be read here. Reload this page to see it.".into()));
        }
    });
    on_cleanup(move || handle.remove());

    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = files_of(input.files());
        input.set_value("");
        import(files);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        import(files_of(ev.data_transfer().and_then(|d| d.files())));
    };

    let rows = Memo::new(move |_| {
        let filter = team_filter.get();
        let (key, desc) = sort.get();
        team.with(|t| {
            t.rows((!filter.is_empty()).then_some(filter.as_str()), status_filter.get(), &key, desc, now(), overdue_days.get())
                .into_iter()
                .map(|r| r.learner_key())
                .collect::<Vec<_>>()
        })
    });

    let result_view = move || {
        result.get().map(|r| {
            let failed = r.failed.iter().map(|(name, why)| view! { <li><strong>{name.clone()}</strong>": "{why.clone()}</li> }).collect_view();
            let summary = format!(
                "Imported {} report(s): {} new learner(s), {} updated; {} older report(s) ignored. ({} ms)",
                r.new + r.replaced,
                r.new,
                r.replaced,
                r.older,
                r.millis.round()
            );
            view! {
                <div class=if r.failed.is_empty() { "notice notice-ok" } else { "notice notice-error" }>
                    <p>{summary}</p>
                    {(r.unknown_lessons > 0).then(|| view! {
                        <p>{format!("Results for {} lesson(s) this course does not have were not kept.", r.unknown_lessons)}</p>
                    })}
                    {(!r.failed.is_empty()).then(|| view! {
                        <p>{format!("{} file(s) were not imported; nothing imported before was changed:", r.failed.len())}</p>
                        <ul class="import-errors">{failed}</ul>
                    })}
                </div>
            }
        })
    };

    let overview = move || {
        let o = team.with(|t| t.overview(now(), overdue_days.get()));
        let pct = |v: Option<u8>| v.map_or("–".to_string(), |v| format!("{v}%"));
        view! {
            <dl class="overview">
                <div><dt>"Learners"</dt><dd>{o.learners}</dd></div>
                <div><dt>"Completed"</dt><dd>{format!("{} ({}%)", o.completed, o.completion_rate)}</dd></div>
                <div><dt>"Average score"</dt><dd>{pct(o.average_score)}</dd></div>
                <div><dt>"Median score"</dt><dd>{pct(o.median_score)}</dd></div>
                <div><dt>"Overdue"</dt><dd>{o.overdue}</dd></div>
            </dl>
        }
    };

    let charts = move || {
        let (completion, histogram, learners) = team.with(|t| (t.completion_per_lesson(now(), overdue_days.get()), t.score_histogram(), t.learners.len()));
        let bars = completion.into_iter().map(|(_, title, passed)| Bar { label: title, value: passed, of: learners }).collect();
        let bands = histogram
            .iter()
            .enumerate()
            .map(|(i, n)| Bar { label: if i == 9 { "90–100%".into() } else { format!("{}–{}%", i * 10, i * 10 + 9) }, value: *n, of: learners })
            .collect();
        view! {
            <div class="charts">
                <BarChart id="chart-completion" title="Completion per lesson".into() unit="learners passed" bars/>
                <BarChart id="chart-scores" title="Score distribution".into() unit="learners" bars=bands/>
            </div>
        }
    };

    let header_button = move |label: String, key: SortKey| {
        let key_for_sort = key.clone();
        let aria = {
            let key = key.clone();
            move || {
                let (k, desc) = sort.get();
                if k == key { if desc { "descending" } else { "ascending" } } else { "none" }
            }
        };
        let arrow = {
            let aria = aria.clone();
            move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="sort" on:click=move |_| {
                    sort.update(|(k, desc)| {
                        if *k == key_for_sort { *desc = !*desc } else { *k = key_for_sort.clone(); *desc = false }
                    });
                    page.set(0);
                }>{label}<span aria-hidden="true">{arrow}</span></button>
            </th>
        }
    };

    let matrix = move || {
        let lessons = team.with(Team::lessons);
        let keys = rows.get();
        let total = keys.len();
        let start = (page.get() * PAGE).min(total);
        let end = (start + PAGE).min(total);
        let days = overdue_days.get();
        let t_now = now();
        let head = lessons.iter().map(|(id, title)| header_button(title.clone(), SortKey::Lesson(id.clone()))).collect_view();
        let body = team.with(|t| {
            keys[start..end]
                .iter()
                .filter_map(|k| t.learners.get(k))
                .map(|r| {
                    let key = r.learner_key();
                    let cells = lessons
                        .iter()
                        .map(|(id, _)| match r.lessons.iter().find(|l| l.id == *id) {
                            Some(l) => {
                                let status = cell_status(l, t_now, days);
                                view! { <td><StatusBadge status/>{l.best_score.map(|s| view! { " "<span class="cell-score">{s}"%"</span> })}</td> }.into_any()
                            }
                            None => view! { <td>"–"</td> }.into_any(),
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row"><button type="button" class="link" on:click=move |_| selected.set(Some(key.clone()))>{r.name.clone()}</button></th>
                            <td>{r.team.clone()}</td>
                            <td>{learner_score(r).map_or("–".to_string(), |s| format!("{s}%"))}</td>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        });
        let pages = total.div_ceil(PAGE).max(1);
        view! {
            <p class="hint" role="status">{if total == 0 { "No learners match.".to_string() } else { format!("Showing {}–{} of {} learners", start + 1, end, total) }}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Learner by lesson matrix">
                <table class="matrix">
                    <thead><tr>
                        {header_button("Learner".into(), SortKey::Name)}
                        {header_button("Team".into(), SortKey::Team)}
                        {header_button("Score".into(), SortKey::Score)}
                        {head}
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <div class="actions pager">
                <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous page"</button>
                <span>{format!("Page {} of {}", page.get() + 1, pages)}</span>
                <button type="button" disabled=move || page.get() + 1 >= pages on:click=move |_| page.update(|p| *p += 1)>"Next page"</button>
            </div>
        }
    };

    let detail = move || {
        let key = selected.get()?;
        let report = team.with(|t| t.learners.get(&key).cloned())?;
        let days = overdue_days.get();
        let t_now = now();
        let complete = is_complete(&report, t_now, days);
        let lessons = report
            .lessons
            .iter()
            .map(|l| {
                let status = cell_status(l, t_now, days);
                view! {
                    <tr>
                        <th scope="row">{l.title.clone()}</th>
                        <td><StatusBadge status/></td>
                        <td>{l.best_score.map_or("–".to_string(), |s| format!("{s}%"))}</td>
                        <td>{format!("{}%", l.pass_mark)}</td>
                        <td>{l.attempts}</td>
                        <td>{l.passed_at.map(format_date).unwrap_or_else(|| "–".into())}</td>
                        <td>{l.version.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="learner-detail" aria-labelledby="detail-heading">
                <h2 id="detail-heading" tabindex="-1">{report.name.clone()}</h2>
                <p>{report.email.clone()}" · "{report.team.clone()}" · report of "{format_date(report.generated_at)}
                    " · course version "{report.course_version.clone()}</p>
                <p>{if complete { "Completed: every required lesson passed." } else { "Not complete." }}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Lessons of this learner">
                    <table>
                        <thead><tr><th scope="col">"Lesson"</th><th scope="col">"Status"</th><th scope="col">"Best score"</th>
                            <th scope="col">"Pass mark"</th><th scope="col">"Attempts"</th><th scope="col">"Passed on"</th><th scope="col">"Version"</th></tr></thead>
                        <tbody>{lessons}</tbody>
                    </table>
                </div>
                <button type="button" on:click=move |_| selected.set(None)>"Close"</button>
            </section>
        })
    };

    let export_csv = move |_| {
        let text = team.with_untracked(|t| {
            let keys = rows.get_untracked();
            let reports: Vec<&Report> = keys.iter().filter_map(|k| t.learners.get(k)).collect();
            csv(t, &reports, now(), overdue_days.get_untracked())
        });
        let _ = download("team-completion.csv", "text/csv;charset=utf-8", &text);
    };

    let export_bundle = move |_| {
        let text = team.with_untracked(|t| encode_bundle(t.learners.values()));
        let _ = download("hookwise-team-reports.json", "application/json", &text);
    };

    let teams = move || team.with(Team::teams).into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view();

    view! {
        <h1>"Team completion"</h1>
        <p class="lede">"Import the completion reports your team sends you. Everything stays in this browser."</p>
        {move || notice.get().map(|n| view! { <div class="storage-problem" role="alert"><p>{n}</p></div> })}
        <div role="status" aria-live="polite">{move || tab_notice.get().map(|n| view! {
            <p class="notice">{n}" "<button type="button" on:click=move |_| tab_notice.set(None)>"Dismiss"</button></p>
        })}</div>
        <section class="import" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import reports"</h2>
            <div class=move || if dragging.get() { "drop-zone dragging" } else { "drop-zone" }
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <label for="report-files">"Choose report files (or drop them here)"</label>
                <input id="report-files" type="file" multiple accept=".json,application/json" on:change=on_pick/>
            </div>
            <div role="status" aria-live="polite">
                {result_view}
                {move || held.get().map(|(reports, titles)| {
                    let titles = titles.join("', '");
                    let count = reports.len();
                    view! {
                        <div class="confirm" role="group" aria-labelledby="confirm-other-course">
                            <p id="confirm-other-course">{format!("{count} report(s) are from '{titles}', not from this course. Nothing from them has been stored. Import them anyway? Only their results for lessons this course has would be kept.")}</p>
                            <button type="button" on:click=move |_| {
                                let mut outcome = ImportResult::default();
                                if let Some((reports, _)) = held.get_untracked() {
                                    add_reports(reports, &mut outcome);
                                }
                                held.set(None);
                                result.set(Some(outcome));
                            }>"Import them anyway"</button>
                            <button type="button" on:click=move |_| held.set(None)>"Don't import them"</button>
                        </div>
                    }
                })}
            </div>
            <details class="trust">
                <summary>"What a report's checksum proves"</summary>
                <p>"Each report carries a checksum. It detects a file that was edited or corrupted after it was made. It cannot stop a learner from forging a report, because hookwise has no server to vouch for it. For verified tracking, run hookwise in your LMS (SCORM) or send statements to a learning record store (xAPI)."</p>
            </details>
        </section>
        {move || (team.with(|t| !t.learners.is_empty())).then(|| view! {
            <section aria-labelledby="overview-heading">
                <h2 id="overview-heading">"Overview"</h2>
                <div class="field inline">
                    <label for="overdue-days">"Overdue after (days since passing)"</label>
                    <input id="overdue-days" type="number" min="1" max="3650" prop:value=move || overdue_days.get().to_string()
                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u32>() { if (1..=3650).contains(&n) { overdue_days.set(n) } } }/>
                </div>
                {overview}
                {charts}
            </section>
            <section aria-labelledby="matrix-heading">
                <h2 id="matrix-heading">"Learners"</h2>
                <div class="filters">
                    <div class="field">
                        <label for="filter-team">"Team"</label>
                        <select id="filter-team" on:change=move |ev| { team_filter.set(event_target_value(&ev)); page.set(0); }>
                            <option value="">"All teams"</option>
                            {teams}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter-status">"Status"</label>
                        <select id="filter-status" on:change=move |ev| {
                            status_filter.set(match event_target_value(&ev).as_str() { "completed" => LearnerFilter::Completed, "overdue" => LearnerFilter::Overdue, _ => LearnerFilter::All });
                            page.set(0);
                        }>
                            <option value="all">"All learners"</option>
                            <option value="completed">"Completed"</option>
                            <option value="overdue">"Overdue"</option>
                        </select>
                    </div>
                </div>
                {matrix}
                <div class="actions">
                    <button type="button" on:click=export_csv>"Export CSV"</button>
                    <button type="button" on:click=export_bundle>"Export all reports as one file"</button>
                    {move || if confirming.get() {
                        view! {
                            <span class="confirm" role="group" aria-label="Confirm clearing">
                                <span>"Delete all imported reports from this browser?"</span>
                                <button type="button" class="danger" on:click=move |_| {
                                    storage::clear_team();
                                    team.set(Team::default());
                                    held.set(None);
                                    result.set(None);
                                    selected.set(None);
                                    confirming.set(false);
                                }>"Yes, clear the data"</button>
                                <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                            </span>
                        }.into_any()
                    } else {
                        view! { <button type="button" on:click=move |_| confirming.set(true)>"Clear imported data"</button> }.into_any()
                    }}
                </div>
            </section>
            {detail}
        })}
    }
}
