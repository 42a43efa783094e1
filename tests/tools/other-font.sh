#!/usr/bin/env bash
# The catalogue's no-shift tests (tests/e2e/catalogue.test.mjs) with another font as the page's:
# fontconfig is told to put FAMILY first for every family but monospace, so the rooms the catalogue
# keeps in `em` (a lesson's role tag, status badge and best score) are tried with other glyph widths
# than this machine's usual font (docs/performance.md, "fifth session"). Run after ./dev size:
#   tests/tools/other-font.sh "DejaVu Serif"        (fc-list : family lists the installed ones)
set -euo pipefail
family=${1:?usage: tests/tools/other-font.sh FAMILY (an installed font family: fc-list : family)}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/fonts.conf" <<EOF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <cachedir>$dir/cache</cachedir>
  <match target="pattern"><test name="family" compare="not_eq"><string>monospace</string></test><edit name="family" mode="prepend" binding="strong"><string>$family</string></edit></match>
</fontconfig>
EOF
export FONTCONFIG_FILE="$dir/fonts.conf"
got=$(fc-match -f '%{family}' system-ui)
case "$got" in *"$family"*) ;; *) echo "fontconfig gives \"$got\", not \"$family\": is it installed? (fc-list : family)" >&2; exit 1 ;; esac
export PATH="$PWD/node_modules/.bin:$PATH"
node --test --test-concurrency=1 --test-name-pattern='nothing moves|moves nothing' tests/e2e/catalogue.test.mjs
