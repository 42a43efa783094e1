// Generates realistic completion reports (seeded), byte-for-byte in hookwise's report format
// with a valid checksum: for the dashboard benchmark and tests. Given the compiled lessons
// (`loadLessons`), reports are format 2, with each attempted lesson's first-attempt answers
// and attempts to pass ("What people miss"); without them, format 1 (as older hookwise wrote).
// Usage: node tests/tools/reports.mjs COUNT OUT_DIR [SEED]   (reads dist/catalogue.json and dist/lessons/)
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** FNV-1a 64 over UTF-8 bytes, as 16 hex digits (hookwise_core::hash). */
export function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** A small seeded generator (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ['Research', 'Engineering', 'Sales', 'Finance', 'Legal', 'Operations', 'Executive office', 'Facilities'];
const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gita', 'Hugo', 'Ines', 'Jon', 'Kai', 'Lea', 'Mo', 'Noor', 'Oli', 'Pia'];
const LAST = ['Smith', 'Garcia', 'Okafor', 'Novak', 'Kim', 'Silva', 'Haddad', 'Jensen', 'Rossi', 'Dubois', 'Ito', 'Moreau'];

/** The compiled lessons of `dist` by id (their quizzes give the generated answers). */
export function loadLessons(dist, catalogue) {
  const lessons = {};
  for (const l of catalogue.parts.flatMap((p) => p.lessons)) {
    lessons[l.id] = JSON.parse(readFileSync(join(dist, 'lessons', `${l.id}.json`), 'utf8'));
  }
  return lessons;
}

const letters = (indices) => [...new Set(indices)].sort((a, b) => a - b).map((i) => String.fromCharCode(97 + i)).join('');

/** A question's difficulty from its id: some questions are missed far more than others. */
function difficulty(id) {
  return (parseInt(fnv1a64(id).slice(0, 4), 16) % 60) / 100;
}

/** A realistic first answer: right with a question's own probability; a wrong answer favours
 * the first wrong option in authored order, as real misconceptions cluster. */
export function defaultAnswer(lessonId, question, random) {
  const correct = question.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const wrong = question.choices.flatMap((c, i) => (c.correct ? [] : [i]));
  if (random() >= difficulty(`${lessonId}/${question.id}`) || wrong.length === 0) return { right: true, chosen: correct };
  const pick = random() < 0.6 ? wrong[0] : wrong[Math.floor(random() * wrong.length)];
  return { right: false, chosen: [pick] };
}

/** The first attempt's answers in the report's text form (`who-asks:+a gift:-bc`). */
function firstAttempt(lesson, random, answer) {
  let questions = lesson.quiz.questions;
  if (lesson.quiz.ask && lesson.quiz.ask < questions.length) {
    questions = [...questions].sort(() => random() - 0.5).slice(0, lesson.quiz.ask);
  }
  return questions.map((q) => {
    const a = answer(lesson.id, q, random);
    return `${q.id}:${a.right ? '+' : '-'}${letters(a.chosen)}`;
  }).join(' ');
}

/** One report object, in the exact field order hookwise serialises (the checksum covers it).
 * `opts.lessons` (from `loadLessons`) makes a format 2 report with answers, given by
 * `opts.answer(lessonId, question, random) -> { right, chosen: [authored index] }`. */
export function makeReportObject(i, random, catalogue, now = Date.now(), opts = {}) {
  const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
  const lessons = catalogue.parts.flatMap((p) => p.lessons).map((l) => {
    const r = random();
    const status = r < 0.6 ? 'passed' : r < 0.7 ? 'failed' : r < 0.8 ? 'in_progress' : 'not_started';
    const passed = status === 'passed';
    const score = passed ? 80 + Math.floor(random() * 21) : status === 'failed' ? Math.floor(random() * 80) : null;
    const lesson = {
      id: l.id, title: l.title, required: l.required, status,
      best_score: score, pass_mark: l.pass_mark, attempts: score === null ? 0 : 1 + Math.floor(random() * 3),
      passed_at: passed ? now - Math.floor(random() * 400) * 86400000 : null,
      version: l.version, content_hash: l.content_hash,
    };
    if (opts.lessons && lesson.attempts > 0) {
      if (passed) lesson.attempts_to_pass = lesson.attempts;
      lesson.first_attempt = firstAttempt(opts.lessons[l.id], random, opts.answer ?? defaultAnswer);
    }
    return lesson;
  });
  const report = {
    format: 'hookwise-completion-report', v: opts.lessons ? 2 : 1,
    learner: { name, email: `learner${i}@example.com`, team: TEAMS[i % TEAMS.length] },
    course: { title: catalogue.title, version: catalogue.version },
    generated_at: now - Math.floor(random() * 1000),
    lessons,
  };
  report.checksum = `fnv1a64:${fnv1a64(JSON.stringify(report))}`;
  return report;
}

/** One report file's text, pretty-printed as hookwise writes it. */
export function makeReport(i, random, catalogue, now = Date.now(), opts = {}) {
  return JSON.stringify(makeReportObject(i, random, catalogue, now, opts), null, 2);
}

/** The same reports as `writeReports` would write, as one bundle file. */
export function writeBundle(count, path, seed, catalogue, opts = {}) {
  const random = rng(seed);
  const reports = Array.from({ length: count }, (_, i) => makeReportObject(i, random, catalogue, Date.now(), opts));
  writeFileSync(path, JSON.stringify({ format: 'hookwise-report-bundle', v: 1, reports }));
  return path;
}

export function writeReports(count, dir, seed, catalogue, opts = {}) {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const paths = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `report-${String(i).padStart(5, '0')}.json`);
    writeFileSync(path, makeReport(i, random, catalogue, Date.now(), opts));
    paths.push(path);
  }
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count = '10', dir = 'target/reports', seed = '1'] = process.argv.slice(2);
  const catalogue = JSON.parse(readFileSync('dist/catalogue.json', 'utf8'));
  writeReports(Number(count), dir, Number(seed), catalogue, { lessons: loadLessons('dist', catalogue) });
  console.log(`wrote ${count} reports to ${dir}`);
}

/** Sets a report object's checksum after it was changed (tests build reports by hand this way). */
export function seal(report) {
  delete report.checksum;
  report.checksum = `fnv1a64:${fnv1a64(JSON.stringify(report))}`;
  return report;
}
