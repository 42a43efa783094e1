//! Mounts the manager dashboard, a separate bundle served at `/team/` so that learners never
//! download its code.

fn main() {
    leptos::mount::mount_to_body(hookwise_team::page::TeamApp);
}
