//! What the learner should know about a launch: a refused launch, a learning platform that
//! does not answer, a session the platform has closed. One line, shown by the shells
//! (`app::LaunchNotice`); `cmi5` and `xapi` set it.

use leptos::prelude::*;

thread_local! {
    // Reference-counted, not owned by whichever component reads it first.
    static MESSAGE: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
}

/// The notice, if any (reactive).
pub fn message() -> Option<String> {
    MESSAGE.with(|m| m.get())
}

pub fn tell(text: Option<String>) {
    MESSAGE.with(|m| m.set(text));
}

const OUTAGE: &str = "Your learning platform is not answering. Your answers are kept and will be sent when it answers again; you can go on with the lesson.";

/// The statement API did (`true`) or did not fail on the last try: the learner hears of an
/// outage once, and the message goes when statements go through again.
pub fn outage(failed: bool) {
    let shown = MESSAGE.with(|m| m.get_untracked());
    match (failed, shown.as_deref()) {
        (true, None) => tell(Some(OUTAGE.into())),
        (false, Some(OUTAGE)) => tell(None),
        _ => {}
    }
}
