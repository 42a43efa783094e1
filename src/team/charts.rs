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

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 160.0;

/// A vertical bar chart. `unit` describes the values ("learners passed").
#[component]
pub fn BarChart(id: &'static str, title: String, unit: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.of.max(b.value)).max().unwrap_or(0).max(1) as f64;
    let n = bars.len().max(1) as f64;
    let slot = WIDTH / n;
    let description = bars.iter().map(|b| format!("{}: {} of {}", b.label, b.value, b.of)).collect::<Vec<_>>().join("; ");
    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let h = (b.value as f64 / max * HEIGHT * 100.0).round() / 100.0;
            let x = i as f64 * slot + slot * 0.15;
            view! {
                <rect x=format!("{x:.2}") y=format!("{:.2}", HEIGHT - h) width=format!("{:.2}", slot * 0.7) height=format!("{h:.2}")
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
                <line x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT class="axis"/>
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
