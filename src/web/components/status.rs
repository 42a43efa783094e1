//! A lesson's status as a labelled badge.

use hookwise_core::progress::LessonStatus;
use leptos::prelude::*;

#[component]
pub fn StatusBadge(status: LessonStatus) -> impl IntoView {
    let class = match status {
        LessonStatus::NotStarted => "badge badge-not-started",
        LessonStatus::InProgress => "badge badge-in-progress",
        LessonStatus::Passed => "badge badge-passed",
        LessonStatus::Failed => "badge badge-failed",
        LessonStatus::DueAgain => "badge badge-due",
    };
    view! { <span class=class>{status.label()}</span> }
}
