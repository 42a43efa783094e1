//! Accessible inline SVG bar charts: each chart is an image with a text alternative that lists
//! every value, and the same values in a table for screen-reader and print users.

use leptos::prelude::*;

/// One bar: its label, its value and the largest value it is measured against.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: usize,
    pub of: usize,
}

// Geometry in hundredths of a unit, in integers: the bundle then carries no float formatting.
const WIDTH: u64 = 320;
const HEIGHT: u64 = 160;

/// `v` hundredths as a decimal with two places (`1280` is `12.80`).
fn hundredths(v: u64) -> String {
    format!("{}.{:02}", v / 100, v % 100)
}

/// A vertical bar chart. `unit` describes the values ("learners passed").
#[component]
pub fn BarChart(id: &'static str, title: String, unit: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.of.max(b.value)).max().unwrap_or(0).max(1) as u64;
    let n = bars.len().max(1) as u64;
    let description = bars.iter().map(|b| format!("{}: {} of {}", b.label, b.value, b.of)).collect::<Vec<_>>().join("; ");
    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            // Rounded to the nearest hundredth, as before.
            let h = (b.value as u64 * HEIGHT * 100 * 2 + max) / (2 * max);
            // A slot is WIDTH / n wide; the bar starts 15 % into it and is 70 % of it.
            let x = (WIDTH * 100 * (100 * i as u64 + 15) * 2 + 100 * n) / (2 * 100 * n);
            let w = (WIDTH * 70 * 2 + n) / (2 * n);
            view! {
                <rect x=hundredths(x) y=hundredths(HEIGHT * 100 - h) width=hundredths(w) height=hundredths(h)
                    data-label=b.label.clone() data-value=b.value>
                    <title>{format!("{}: {} of {} {unit}", b.label, b.value, b.of)}</title>
                </rect>
            }
        })
        .collect_view();
    let rows = bars
        .iter()
        .map(|b| view! { <tr><th scope="row">{b.label.clone()}</th><td>{b.value}</td><td>{b.of}</td></tr> })
        .collect_view();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = title_id.clone();
    let described = desc_id.clone();
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg role="img" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none"
                aria-labelledby=labelled aria-describedby=described class="bars">
                <desc id=desc_id>{format!("{title}: {description}")}</desc>
                <line x1="0" y1=HEIGHT.to_string() x2=WIDTH.to_string() y2=HEIGHT.to_string() class="axis"/>
                {rects}
            </svg>
            <details>
                <summary>"Show the numbers"</summary>
                <table>
                    <thead><tr><th scope="col">"Bar"</th><th scope="col">{unit}</th><th scope="col">"Out of"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
