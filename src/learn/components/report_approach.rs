//! "Report an approach": a prefilled report to the organisation's primary channel (an email,
//! a number to call, a form to open, or a desk to visit), with the same text to copy or
//! download. Nothing is sent: every step is the learner's own. The text and links come from
//! the core (`hookwise_core::organisation::handoff`).

use hookwise_core::organisation::{handoff, Channel, ChannelKind, Handoff, Organisation};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The button and its panel. `from_lesson` names the lesson the learner started from.
#[component]
pub fn ReportApproach(#[prop(optional, into)] from_lesson: Option<String>, #[prop(into)] id: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let org: RwSignal<Option<Result<Option<Organisation>, String>>> = RwSignal::new(None);
    let panel_id = format!("{id}-panel");
    let toggle = move |_| {
        let now_open = !open.get_untracked();
        open.set(now_open);
        if now_open && org.get_untracked().is_none() {
            spawn_local(async move { org.set(Some(hookwise_web::fetch::organisation().await)) });
        }
    };
    let heading_id = format!("{id}-heading");
    let panel = {
        let heading_id = heading_id.clone();
        let id = id.clone();
        move || {
            open.get().then(|| {
                let content = match org.get() {
                    None => view! { <p class="loading">"Loading your organisation's reporting channels…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p>"The reporting channels could not be loaded: "{e}"."</p> }.into_any(),
                    Some(Ok(None)) => view! {
                        <p>"This course has no reporting channels set up. Tell your manager or your organisation's security contact today, and keep any messages as they are."</p>
                    }
                    .into_any(),
                    Some(Ok(Some(org))) => match handoff(&org, from_lesson.as_deref()) {
                        Some(h) => view! { <HandoffView handoff=h org id=id.clone()/> }.into_any(),
                        None => view! { <p>"This course lists no reporting channel. Tell your manager today."</p> }.into_any(),
                    },
                };
                view! {
                    <div class="report-panel" role="region" aria-labelledby=heading_id.clone()>
                        <h2 id=heading_id.clone() tabindex="-1">"Report an approach"</h2>
                        <p>"Nothing is sent until you send it yourself. Fill in what you can, and leave out what you do not know."</p>
                        {content}
                    </div>
                }
            })
        }
    };
    view! {
        <div class="report-approach">
            <button type="button" class="button" aria-expanded=move || open.get().to_string() aria-controls=panel_id.clone()
                on:click=toggle>
                "Report an approach"
            </button>
            <div id=panel_id>{panel}</div>
        </div>
    }
}

fn channel_line(c: &Channel) -> impl IntoView {
    let hours = (!c.hours.is_empty()).then(|| format!(" ({})", c.hours));
    let note = (!c.note.is_empty()).then(|| view! { <br/><span class="note">{c.note.clone()}</span> });
    let value = match c.href() {
        Some(href) => view! { <a href=href>{c.value.clone()}</a> }.into_any(),
        None => c.value.clone().into_any(),
    };
    view! { <li><strong>{c.label.clone()}</strong>": "{value}{hours}{note}</li> }
}

#[component]
fn HandoffView(handoff: Handoff, org: Organisation, id: String) -> impl IntoView {
    let Handoff { channel, body, href, .. } = handoff;
    let status = RwSignal::new(String::new());
    let action = match (channel.kind, href) {
        (ChannelKind::Email, Some(href)) => view! {
            <p><a class="button primary" href=href>"Write the email to "{channel.label.clone()}</a></p>
            <p>"It opens in your email program with the questions below, addressed to "{channel.value.clone()}"."</p>
        }
        .into_any(),
        (ChannelKind::Phone, Some(href)) => view! {
            <p><a class="button primary" href=href>"Call "{channel.label.clone()}": "{channel.value.clone()}</a></p>
            <p>"Have the questions below to hand when you call."</p>
        }
        .into_any(),
        (ChannelKind::WebForm, Some(href)) => view! {
            <p><a class="button primary" href=href rel="noopener noreferrer">"Open "{channel.label.clone()}</a></p>
            <p>"Copy or download the questions below and answer them in the form."</p>
        }
        .into_any(),
        _ => view! {
            <p><strong>{channel.label.clone()}": "{channel.value.clone()}</strong></p>
            <p>"Take the questions below with you."</p>
        }
        .into_any(),
    };
    let text = StoredValue::new(body.clone());
    let copy = move |_| {
        spawn_local(async move {
            let result = hookwise_web::platform::copy_text(&text.get_value()).await;
            status.set(match result {
                Ok(()) => "The report text is copied.".into(),
                Err(e) => format!("It could not be copied ({e}); select the text and copy it yourself."),
            });
        })
    };
    let download = move |_| {
        let result = hookwise_web::platform::download("report-an-approach.txt", "text/plain;charset=utf-8", &text.get_value());
        status.set(match result {
            Ok(()) => "The report text is downloaded as report-an-approach.txt.".into(),
            Err(_) => "The file could not be made; copy the text instead.".into(),
        });
    };
    let others = org.channels.iter().filter(|c| c.id != channel.id).map(channel_line).collect_view();
    let hours = (!channel.hours.is_empty()).then(|| view! { <p>"Hours: "{channel.hours.clone()}"."</p> });
    view! {
        {action}
        {hours}
        <label for=format!("{id}-text")>"The report, ready to fill in"</label>
        <textarea id=format!("{id}-text") readonly rows="10" prop:value=body></textarea>
        <p class="report-actions">
            <button type="button" class="button" on:click=copy>"Copy the text"</button>
            <button type="button" class="button" on:click=download>"Download as a text file"</button>
        </p>
        <p role="status">{move || status.get()}</p>
        <h3>"Other ways to reach "{org.team.clone()}</h3>
        <ul class="channels">{others}</ul>
        <p>{org.report.seen_by.clone()}" "{org.report.reply.clone()}</p>
    }
}
