//! The printable completion certificate at `/certificate`, once every required lesson is
//! passed.

use hookwise_core::progress::LessonStatus;
use hookwise_core::Catalogue;
use leptos::prelude::*;

use hookwise_web::platform::{format_date, now};
use hookwise_web::state::{use_course, use_learner};
use hookwise_core::route::Route as Page;

#[component]
pub fn CertificatePage() -> impl IntoView {
    let course = use_course();
    move || match course.0.get() {
        None => view! { <p class="loading">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <h1>"The course could not be loaded"</h1><p>{e}</p> }.into_any(),
        Some(Ok(catalogue)) => view! { <Certificate catalogue/> }.into_any(),
    }
}

#[component]
fn Certificate(catalogue: Catalogue) -> impl IntoView {
    let learner = use_learner();
    let due = catalogue.due_after_days;
    let catalogue = StoredValue::new(catalogue);
    move || {
        let t = now();
        let (passed, total) = catalogue.with_value(|c| learner.progress.with(|p| p.completion(c, t, due)));
        if passed < total || total == 0 {
            return view! {
                <h1>"Certificate"</h1>
                <p>"Your certificate is ready when you have passed every required lesson. You have passed "
                    {passed}" of "{total}"."</p>
                <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
            }
            .into_any();
        }
        let name = learner.progress.with(|p| p.profile.as_ref().map(|p| p.name.clone()).filter(|n| !n.is_empty()));
        let rows = catalogue.with_value(|c| {
            learner.progress.with(|p| {
                c.required_for(p.path())
                    .map(|l| {
                        let lp = p.lesson(&l.info.id, t, due);
                        debug_assert_eq!(lp.status, LessonStatus::Passed);
                        view! {
                            <tr>
                                <th scope="row">{l.info.title.clone()}</th>
                                <td>{lp.best_score.unwrap_or(0)}"%"</td>
                                <td>{lp.passed_at.map(format_date).unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        });
        let (title, version) = catalogue.with_value(|c| (c.title.clone(), c.version.clone()));
        let path = catalogue.with_value(|c| {
            learner.progress.with(|p| (!c.paths.is_empty()).then(|| match p.path().and_then(|id| c.path(id)) {
                Some(path) => path.title.clone(),
                None => "Core lessons".to_string(),
            }))
        });
        view! {
            <div class="certificate-tools no-print">
                <p><a href=Page::Catalogue.path() rel="external">"← All lessons"</a></p>
                {name.is_none().then(|| view! {
                    <p class="notice">"Add your name under “Your details” on the course page to show it on the certificate."</p>
                })}
                <button type="button" class="primary" on:click=move |_| { let _ = window().print(); }>"Print or save as PDF"</button>
            </div>
            <section class="certificate" aria-labelledby="certificate-heading">
                <p class="certificate-kicker">"Certificate of completion"</p>
                <h1 id="certificate-heading">{name.unwrap_or_else(|| "Learner".into())}</h1>
                <p>"has completed the course"</p>
                <p class="certificate-course">{title}</p>
                {path.map(|p| view! { <p>"Path: "{p}</p> })}
                <p>"Course version "{version}". Issued "{format_date(t)}"."</p>
                <table>
                    <caption>"Lessons passed"</caption>
                    <thead><tr><th scope="col">"Lesson"</th><th scope="col">"Best score"</th><th scope="col">"Passed on"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
        .into_any()
    }
}
