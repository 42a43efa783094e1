//! The learner's role on the catalogue page: which audience path's electives they take on top
//! of the core. Asked once when the course has paths and the learner never chose; changeable.

use hookwise_core::Catalogue;
use leptos::prelude::*;

use crate::state::use_learner;

/// The value of the "core lessons only" radio.
const CORE_ONLY: &str = "";

#[component]
pub fn RolePicker(catalogue: StoredValue<Catalogue>) -> impl IntoView {
    let learner = use_learner();
    let needs_role = move || catalogue.with_value(|c| learner.progress.with(|p| p.needs_role(c)));
    let saved = RwSignal::new(false);
    let current = move || {
        learner.progress.with(|p| {
            p.path()
                .and_then(|id| catalogue.with_value(|c| c.path(id).map(|p| p.title.clone())))
                .unwrap_or_else(|| "None of these: the core lessons only".to_string())
        })
    };
    let form = move || {
        let chosen = RwSignal::new(learner.progress.with_untracked(|p| p.path().unwrap_or(CORE_ONLY).to_string()));
        let option = move |value: String, label: String| {
            let id = format!("role-{}", if value.is_empty() { "core" } else { &value });
            let checked = chosen.get_untracked() == value && learner.progress.with_untracked(|p| p.role.is_some());
            let v = value.clone();
            view! {
                <li>
                    <input type="radio" name="role" id=id.clone() value=value checked=checked
                        on:change=move |_| chosen.set(v.clone())/>
                    <label for=id>{label}</label>
                </li>
            }
        };
        let options = catalogue.with_value(|c| {
            c.paths
                .iter()
                .map(|p| option(p.id.clone(), p.title.clone()))
                .chain(std::iter::once(option(CORE_ONLY.to_string(), "None of these: the core lessons only".to_string())))
                .collect_view()
        });
        view! {
            <form class="role-form" on:submit=move |ev| {
                ev.prevent_default();
                let value = chosen.get_untracked();
                learner.choose_role((!value.is_empty()).then_some(value));
                saved.set(true);
            }>
                <fieldset>
                    <legend>"What is your role?"</legend>
                    <ul class="choices">{options}</ul>
                </fieldset>
                <button type="submit" class="button primary">"Save my role"</button>
            </form>
        }
    };
    view! {
        <section class="role" aria-labelledby="role-heading">
            <h2 id="role-heading">"Your role"</h2>
            {move || if needs_role() {
                view! {
                    <p>"Everyone takes the core lessons. Choose the role closest to yours to add the lessons for it. You can change it at any time."</p>
                    {form()}
                }.into_any()
            } else {
                view! {
                    <p>"Your role: "<strong>{current}</strong></p>
                    <details>
                        <summary>"Change your role"</summary>
                        {form()}
                    </details>
                }.into_any()
            }}
            <p role="status" class="role-saved">{move || saved.get().then_some("Your role is saved. The lessons required for you are marked below.")}</p>
        </section>
    }
}
