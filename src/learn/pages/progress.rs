//! "Your details and progress" at `/progress`: the learner's name for the certificate and
//! reports, sending results to a manager, the progress backup (export, import, reset), and what
//! is kept aside for recovery.

use leptos::prelude::*;

use crate::components::backup::Backup;
use crate::components::practice_results::PracticeResults;
use crate::components::profile::ProfileForm;
use crate::components::recovery::Recovery;
use crate::components::report_export::ReportExport;
use hookwise_core::route::Route as Page;

#[component]
pub fn ProgressPage() -> impl IntoView {
    view! {
        <p class="breadcrumb"><a href=Page::Catalogue.path() rel="external">"← All lessons"</a></p>
        <h1>"Your details and progress"</h1>
        <p class="lede">"Your progress is stored only in this browser. From here you can send your results to your manager, and back it up or move it to another browser."</p>
        <section class="your-details" aria-label="Your details and progress">
            <ProfileForm/>
            <PracticeResults/>
            <ReportExport/>
            <Backup/>
            <Recovery/>
        </section>
    }
}
