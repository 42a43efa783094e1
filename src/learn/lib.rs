//! hookwise's lesson app, the learner's second bundle: lessons (quiz and practice), the
//! progress page, the certificate and re-checks, and the bridges to a learning platform: `lms`
//! (a SCORM LMS's API), `xapi` (a learning record store) and `cmi5` (a cmi5 launch), each
//! doing nothing unless configured. Shared browser code is `hookwise_web`'s.
//!
//! A few pages use leptos's `window()`/`document()` directly for what only they need: the
//! lesson page's reading position, the certificate's print button, and the backup panel's
//! browser check.

pub mod app;
pub mod cmi5;
pub mod components;
pub mod lms;
pub mod notice;
pub mod pages;
pub mod prerender;
pub mod xapi;
