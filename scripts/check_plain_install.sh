#!/usr/bin/env bash
# The package as a user gets it: `pip install .` without extras into a fresh virtualenv, then
# `marsad extract` on every input format (txt, a txt folder with index.tsv, jsonl, jsonl.gz,
# json, html, stdin). A runtime dependency missing from pyproject.toml (lxml_html_clean, once)
# shows up here and not in CI, which installs the dev extras. Exit status non-zero on failure.
#
# usage: bash scripts/check_plain_install.sh [PYTHON]     (PYTHON defaults to python3)
set -euo pipefail

PYTHON=${1:-python3}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/marsad-plain.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() { echo "check_plain_install: FAIL: $*" >&2; exit 1; }

echo "check_plain_install: fresh venv in $WORK"
"$PYTHON" -m venv "$WORK/venv"
BIN=$WORK/venv/bin
# A copy of the source: pip builds in it and leaves the worktree clean.
mkdir "$WORK/src"
(cd "$ROOT" && tar --exclude=.venv --exclude=.git --exclude='*.egg-info' --exclude=build --exclude=__pycache__ \
  -cf - pyproject.toml README.md src) | tar -xf - -C "$WORK/src"
"$BIN/pip" install -q "$WORK/src" || fail "pip install . failed"

# Inputs written here, with sentences written for this check.
IN=$WORK/inputs
mkdir -p "$IN/folder"
S1="قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب صباح اليوم."
S2="أصيب أربعة أشخاص بجروح في قصف مدفعي على حي سكني في مدينة حمص مساء أمس."
S3="انفجرت سيارة مفخخة قرب مبنى حكومي في بغداد ما أدى إلى مقتل شخصين."
printf '%s\n' "$S1" > "$IN/one.txt"
printf '%s\n' "$S1" > "$IN/folder/a.txt"
printf '%s\n' "$S2" > "$IN/folder/b.txt"
printf 'id\tpublished\toutlet\ttitle\na\t2024-03-05\tوكالة\tغارة\nb\t2024-03-06\tقناة\tقصف\n' > "$IN/folder/index.tsv"
printf '{"id": "j1", "text": "%s", "published": "2024-03-05"}\n{"id": "j2", "text": "%s"}\n' "$S1" "$S3" > "$IN/feed.jsonl"
gzip -c "$IN/feed.jsonl" > "$IN/feed.jsonl.gz"
printf '[{"id": "k1", "text": "%s"}, {"id": "k2", "text": "%s"}]\n' "$S2" "$S3" > "$IN/list.json"
printf '<!doctype html><html><head><title>تقرير</title></head><body><article><p>%s</p><p>%s</p></article></body></html>\n' \
  "$S1" "$S2" > "$IN/page.html"

# stdin: the records of one case; argv: its name and how many records it must give. Every record
# must have events and no HTML extraction error (the plain-install failure this script is for).
cat > "$WORK/check_records.py" <<'EOF'
import json
import sys

name, expected = sys.argv[1], int(sys.argv[2])
records = [json.loads(line) for line in sys.stdin if line.strip()]
bad = [
    f"{r['article_id']}: {r['errors']}"
    for r in records
    if not r["events"] or any(e.startswith("html extraction") for e in r["errors"])
]
if len(records) != expected or bad:
    print(f"{name}: {len(records)} records (expected {expected}); bad: {bad}", file=sys.stderr)
    sys.exit(1)
events = sum(len(r["events"]) for r in records)
print(f"check_plain_install: {name}: {len(records)} record(s), {events} event(s)")
EOF

# Each case: a name, the expected number of records, the input arguments ("-" reads stdin).
check() {
  local name=$1 expected=$2 out
  shift 2
  if [ "$1" = "-" ]; then
    out=$(printf '%s\n' "$S3" | "$BIN/marsad" extract - --format jsonl 2>"$WORK/err") || {
      cat "$WORK/err" >&2; fail "$name: marsad extract exited non-zero"; }
  else
    out=$("$BIN/marsad" extract "$@" --format jsonl 2>"$WORK/err") || {
      cat "$WORK/err" >&2; fail "$name: marsad extract exited non-zero"; }
  fi
  "$BIN/python" "$WORK/check_records.py" "$name" "$expected" <<<"$out" || fail "$name: records not as expected"
}

check txt 1 "$IN/one.txt"
check "txt folder with index.tsv" 2 "$IN/folder"
check jsonl 2 "$IN/feed.jsonl"
check jsonl.gz 2 "$IN/feed.jsonl.gz"
check json 2 "$IN/list.json"
check html 1 "$IN/page.html"
check stdin 1 -
echo "check_plain_install: OK"
