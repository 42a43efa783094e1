#!/usr/bin/env python3
"""Checks the cmi5 package that `hookwise package` built (./dev test runs it).

usage: cmi5-validate.py [PACKAGES]        PACKAGES defaults to target/packages

For PACKAGES/hookwise-cmi5.zip (and PACKAGES/cmi5/, its unzipped folder) it checks:
  - the zip: readable, CRCs right, cmi5.xml at its root, safe relative names, no team/ and no
    web-server files, exactly the files of the folder, byte for byte;
  - cmi5.xml is valid against the specification's CourseStructure.xsd (tests/standards/cmi5/,
    Apache-2.0), and, as a control, that broken copies of it are rejected;
  - the rules the XSD cannot express: one block per part and one AU per lesson of the packaged
    catalogue.json in course order; moveOn CompletedAndPassed with the pass mark as
    masteryScore (0-1) for lessons with a quiz, Completed without; publisher ids that are
    absolute IRIs, unique, and a course id not made from its title; launch URLs that are relative, name each lesson's own
    pre-rendered page (lesson-<id>.html) in the package, and whose query names cannot clash with the LMS's launch parameters
    (requirement 8.1.0.0-6); every lesson's JSON and index.html are in the package.
Exits 1 with every problem found when a check fails. Needs xmlschema (tests/tools/requirements.txt).
"""

import copy
import io
import json
import os
import re
import sys
import zipfile
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree as ET

try:
    import xmlschema
except ImportError:
    sys.exit("cmi5-validate: error: no xmlschema module: run it with ./dev's venv "
             "(target/.hookwise/venv/bin/python) or pip install -r tests/tools/requirements.txt")

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
XSD = os.path.join(os.path.dirname(__file__), "..", "standards", "cmi5", "CourseStructure.xsd")
LMS_PARAMETERS = {"endpoint", "fetch", "actor", "registration", "activityId"}
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def q(name):
    return f"{{{NS}}}{name}"


def text_of(el, name):
    node = el.find(q(name))
    s = node.find(q("langstring")) if node is not None else None
    return (s.text or "").strip() if s is not None else None


def broken_copies(xml):
    """Copies of cmi5.xml the XSD must refuse: no course id; a moveOn it does not know; a
    masteryScore above 1."""
    root = ET.fromstring(xml)
    out = []
    a = copy.deepcopy(root)
    del a.find(q("course")).attrib["id"]
    out.append(("no course id", a))
    b = copy.deepcopy(root)
    next(b.iter(q("au"))).set("moveOn", "Whenever")
    out.append(("an unknown moveOn", b))
    c = copy.deepcopy(root)
    next(c.iter(q("au"))).set("masteryScore", "80")
    out.append(("a masteryScore of 80", c))
    return [(what, ET.tostring(tree)) for what, tree in out]


def check(packages):
    problems = []
    zip_path = os.path.join(packages, "hookwise-cmi5.zip")
    folder = os.path.join(packages, "cmi5")
    try:
        with zipfile.ZipFile(zip_path) as z:
            bad = z.testzip()
            if bad:
                problems.append(f"{zip_path}: bad CRC in {bad}")
            zipped = {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
    except (OSError, zipfile.BadZipFile) as e:
        return [f"cannot read {zip_path}: {e} (run ./dev package)"], None
    for name in zipped:
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            problems.append(f"unsafe name in the zip: {name}")
        if name.split("/")[0] in ("team", "_headers", "csp.nginx.conf"):
            problems.append(f"the package holds {name}, which is not for an LMS")
    on_disk = {}
    for base, _, files in os.walk(folder):
        for f in files:
            path = os.path.join(base, f)
            with open(path, "rb") as fh:
                on_disk[os.path.relpath(path, folder).replace(os.sep, "/")] = fh.read()
    if on_disk != zipped:
        problems.append(f"{zip_path} and {folder}/ differ: {sorted(set(on_disk) ^ set(zipped))[:5]}")
    xml = zipped.get("cmi5.xml")
    if xml is None:
        return problems + ["the zip has no cmi5.xml at its root"], None
    schema = xmlschema.XMLSchema(XSD)
    errors = list(schema.iter_errors(io.BytesIO(xml)))
    for e in errors[:5]:
        problems.append(f"cmi5.xml is not valid against CourseStructure.xsd: {e.reason} at {e.path}")
    for what, broken in broken_copies(xml):
        if schema.is_valid(io.BytesIO(broken)):
            problems.append(f"the XSD check accepted a course structure with {what}: it validates nothing")
    root = ET.fromstring(xml)
    catalogue = json.loads(zipped.get("catalogue.json", b"{}"))
    parts = [p for p in catalogue.get("parts", []) if p.get("lessons")]
    blocks = root.findall(q("block"))
    if len(blocks) != len(parts):
        problems.append(f"{len(blocks)} blocks for {len(parts)} parts of the course")
    ids = [root.find(q("course")).get("id")]
    aus = 0
    for block, part in zip(blocks, parts):
        ids.append(block.get("id"))
        if text_of(block, "title") != part["title"]:
            problems.append(f"block {block.get('id')} is titled {text_of(block, 'title')!r}, not {part['title']!r}")
        block_aus = block.findall(q("au"))
        if [text_of(a, "title") for a in block_aus] != [l["title"] for l in part["lessons"]]:
            problems.append(f"block {part['title']!r}: its AUs are not its lessons in course order")
        for au, lesson in zip(block_aus, part["lessons"]):
            aus += 1
            ids.append(au.get("id"))
            data = json.loads(zipped.get(f"lessons/{lesson['id']}.json", b"null") or b"null")
            if data is None:
                problems.append(f"lessons/{lesson['id']}.json is missing")
                continue
            has_quiz = bool(data.get("quiz", {}).get("questions"))
            want_move_on = "CompletedAndPassed" if has_quiz else "Completed"
            if au.get("moveOn") != want_move_on:
                problems.append(f"AU {lesson['id']}: moveOn {au.get('moveOn')!r}, expected {want_move_on}")
            mastery = au.get("masteryScore")
            if has_quiz:
                if mastery is None or abs(float(mastery) - lesson["pass_mark"] / 100) > 1e-9:
                    problems.append(f"AU {lesson['id']}: masteryScore {mastery!r} is not its pass mark {lesson['pass_mark']}")
            elif mastery is not None:
                problems.append(f"AU {lesson['id']}: a masteryScore without a quiz")
            url = (au.find(q("url")).text or "").strip()
            parts_of = urlsplit(url)
            if parts_of.scheme or parts_of.netloc or url.startswith("/"):
                problems.append(f"AU {lesson['id']}: its url {url!r} is not relative")
            if parts_of.path not in zipped:
                problems.append(f"AU {lesson['id']}: its url {url!r} names no file of the package")
            elif parts_of.path != f"lesson-{lesson['id']}.html" or f'data-lesson="{lesson["id"]}"' not in zipped[parts_of.path].decode("utf-8", "replace"):
                problems.append(f"AU {lesson['id']}: its url {url!r} is not its lesson's own pre-rendered page, lesson-{lesson['id']}.html")
            names = {k for k, _ in parse_qsl(parts_of.query, keep_blank_values=True)}
            if names & LMS_PARAMETERS:
                problems.append(f"AU {lesson['id']}: its url uses {sorted(names & LMS_PARAMETERS)}, names the LMS adds (8.1.0.0-6)")
            if dict(parse_qsl(parts_of.query)).get("lesson") != lesson["id"]:
                problems.append(f"AU {lesson['id']}: its url {url!r} does not launch that lesson")
    for i in ids:
        if not i or not IRI.match(i):
            problems.append(f"the publisher id {i!r} is not an absolute IRI (3.0.0.0-1)")
    course_slug = re.sub(r"[^a-z0-9]+", "-", catalogue.get("title", "").lower()).strip("-")
    if course_slug and course_slug in ids[0]:
        problems.append(f"the course id {ids[0]!r} is made from the course title: it would change with it")
    if len(set(ids)) != len(ids):
        problems.append("publisher ids are not unique (13.1.4.0-1)")
    if "index.html" not in zipped:
        problems.append("the package has no index.html")
    summary = f"{zip_path}: {len(zipped)} files, {len(blocks)} blocks, {aus} AUs, cmi5.xml valid against CourseStructure.xsd"
    return problems, summary


def main():
    args = sys.argv[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    problems, summary = check(args[0] if args else "target/packages")
    if problems:
        print("not ok - cmi5", file=sys.stderr)
        for p in problems:
            print(f"cmi5-validate: error: {p}", file=sys.stderr)
        return 1
    print(f"ok - cmi5: {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
