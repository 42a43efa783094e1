//! The optional learner profile (name, email, team), entered once, for the certificate and
//! for completion reports.

use hookwise_core::progress::Profile;
use leptos::prelude::*;

use hookwise_web::platform::now;
use hookwise_web::state::use_learner;

#[component]
pub fn ProfileForm() -> impl IntoView {
    let learner = use_learner();
    let initial = learner.progress.with_untracked(|p| p.profile.clone()).unwrap_or_default();
    let name = RwSignal::new(initial.name);
    let email = RwSignal::new(initial.email);
    let team = RwSignal::new(initial.team);
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let profile = Profile {
            name: name.get_untracked().trim().to_string(),
            email: email.get_untracked().trim().to_string(),
            team: team.get_untracked().trim().to_string(),
            updated_at: now(),
        };
        learner.update(|p| p.profile = Some(profile));
        saved.set(true);
    };
    let pseudonymous_id = LocalResource::new(crate::xapi::pseudonymous_id);
    view! {
        <form class="profile" on:submit=submit>
            <h2>"About you (optional)"</h2>
            <p class="hint">"Shown on your certificate and in reports you choose to send. Stored only in this browser."</p>
            <div class="field">
                <label for="profile-name">"Name"</label>
                <input id="profile-name" type="text" autocomplete="name" prop:value=name
                    on:input=move |ev| { name.set(event_target_value(&ev)); saved.set(false); }/>
            </div>
            <div class="field">
                <label for="profile-email">"Email"</label>
                <input id="profile-email" type="email" autocomplete="email" prop:value=email
                    on:input=move |ev| { email.set(event_target_value(&ev)); saved.set(false); }/>
            </div>
            <div class="field">
                <label for="profile-team">"Team"</label>
                <input id="profile-team" type="text" autocomplete="organization-title" prop:value=team
                    on:input=move |ev| { team.set(event_target_value(&ev)); saved.set(false); }/>
            </div>
            <button type="submit">"Save my details"</button>
            <p class="status-line" role="status">{move || if saved.get() { "Saved." } else { "" }}</p>
            {move || pseudonymous_id.get().flatten().map(|id| view! {
                <p class="hint">"Your results are recorded under an id, not your name or email: "<code>{id}</code>". Your manager may ask for it."</p>
            })}
        </form>
    }
}
