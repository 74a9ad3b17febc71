#!/usr/bin/env bash
# Vendors GOV.UK Frontend's own release build into Public/vendor/govuk-frontend, so that neither the
# build nor CI needs a package registry. Run it by hand to change version; commit what it writes.
#
# Where the files come from: the npm registry is not reachable from Signpost's build machines, so the
# release build (govuk-frontend-<version>.min.css/.min.js, byte for byte as alphagov publishes it in the
# release zip and in dist/ of the tag) is taken from a PyPI wheel that ships it unchanged. Two checks:
#   1. pip verifies the wheel against its pinned sha256 (--require-hashes);
#   2. each extracted file is checked against the sha256 of alphagov/govuk-frontend's dist/ at the tag.
# Then one deliberate change, written to a separate file: the GDS Transport font is only for
# service.gov.uk domains, so its @font-face rules are dropped and every font-family is a system stack.
set -euo pipefail

VERSION=5.11.1
WHEEL_REQUIREMENT="fast-gov-uk==0.9.1"
WHEEL_SHA256=3130509fbe32eb619d700d79c8c8c2c60f6d3e45e6f249cd59304b800cce6dab
# sha256 of dist/govuk-frontend-5.11.1.min.{css,js} at tag v5.11.1 of github.com/alphagov/govuk-frontend
CSS_SHA256=85bc0987f4c2b952b040209b0f6108d762c62eed9feba92cb425faba814efbd4
JS_SHA256=7ff900e7b113b66b272a01f5fe9659284461d9592cef8f618e06bbce4edadb7c

root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/Public/vendor/govuk-frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "$WHEEL_REQUIREMENT --hash=sha256:$WHEEL_SHA256" > "$work/requirements.txt"
python3 -m pip download --quiet --no-deps --require-hashes --only-binary=:all: --python-version 3.13 \
    -r "$work/requirements.txt" -d "$work/wheel"
python3 -m zipfile -e "$work"/wheel/*.whl "$work/unpacked"
assets="$work/unpacked/fast_gov_uk/assets"

check() { echo "$2  $1" | sha256sum --check --quiet || { echo "integrity check failed: $1" >&2; exit 1; }; }
check "$assets/govuk-frontend-$VERSION.min.css" "$CSS_SHA256"
check "$assets/govuk-frontend-$VERSION.min.js" "$JS_SHA256"
[ "$(cat "$assets/VERSION.txt")" = "$VERSION" ] || { echo "VERSION.txt is not $VERSION" >&2; exit 1; }

rm -rf "$target"
mkdir -p "$target"
cp "$assets/govuk-frontend-$VERSION.min.js" "$target/"
# The source map names the original file; it is left out to keep Public/ small.
sed -i '/sourceMappingURL/s|//# sourceMappingURL=.*$||' "$target/govuk-frontend-$VERSION.min.js"
python3 - "$assets/govuk-frontend-$VERSION.min.css" "$target/govuk-frontend-$VERSION.system-font.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
system = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'
css, faces = re.subn(r'@font-face\{font-family:GDS Transport;[^}]*\}', '', css)
css, stacks = re.subn(r'font-family:GDS Transport,arial,sans-serif', 'font-family:' + system, css)
css = re.sub(r'/\*# sourceMappingURL=[^*]*\*/', '', css)
assert faces == 2 and stacks > 50 and 'GDS Transport' not in css, (faces, stacks)
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
echo "$VERSION" > "$target/VERSION.txt"
cat > "$target/LICENCE.txt" <<'LICENCE'
GOV.UK Frontend (https://github.com/alphagov/govuk-frontend), vendored by scripts/vendor-govuk-frontend.sh.

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
(cd "$target" && sha256sum govuk-frontend-* > SHA256SUMS)
echo "GOV.UK Frontend $VERSION vendored into ${target#"$root"/}"
