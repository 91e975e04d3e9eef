#!/usr/bin/env bash
# The package as a user gets it: build the wheel, install it into a fresh venv with the CI
# venv's pinned versions (pip freeze as constraints; a wheelhouse serves them offline after
# the first time), then, from a directory outside the checkout and without PYTHONPATH, run
# `khabar run` on a copy of the seed articles and `khabar annotate` on a sentence. Any
# failure fails CI. `make wheel-check` runs it; .ci/run runs it after `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
python=${PYTHON:-python3}
ci_venv=$(cd "${CI_VENV:-.venv}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/khabar-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS

# pip's output goes to a log, shown only when a step fails.
quiet() { "$@" >>"$work/pip.log" 2>&1 || { tail -n 40 "$work/pip.log" >&2; exit 1; }; }
quiet "$ci_venv/bin/python" -m pip wheel --no-deps --wheel-dir "$work/dist" .
"$ci_venv/bin/python" -m pip freeze --exclude-editable --exclude khabar >"$work/constraints.txt"
"$python" -m venv "$work/venv"
# The dependencies' wheels are kept in a wheelhouse between runs (KHABAR_WHEELHOUSE), so
# only the first run, or one after a version change, downloads: later ones install offline.
wheelhouse=${KHABAR_WHEELHOUSE:-${XDG_CACHE_HOME:-$HOME/.cache}/khabar-wheelhouse}
mkdir -p "$wheelhouse"
# khabar itself is built fresh above and never cached: a stale khabar wheel in the
# wheelhouse would make `pip wheel` resolve the old wheel's dependencies
rm -f "$wheelhouse"/khabar-*.whl
install=("$work/venv/bin/python" -m pip install --no-index --find-links "$wheelhouse"
  --constraint "$work/constraints.txt" "$work"/dist/khabar-*.whl)
if ! "${install[@]}" >>"$work/pip.log" 2>&1; then
  quiet "$work/venv/bin/python" -m pip wheel --wheel-dir "$wheelhouse" \
    --constraint "$work/constraints.txt" "$work"/dist/khabar-*.whl
  rm -f "$wheelhouse"/khabar-*.whl
  quiet "${install[@]}"
fi
echo "wheel-check: built and installed in $((SECONDS - started)) s"

mkdir "$work/run" "$work/run/articles"
cp "$checkout"/seeds/articles/*.txt "$work/run/articles/"
cd "$work/run"
export PREFECT_HOME="$work/prefect" DO_NOT_TRACK=1 GX_ANALYTICS_ENABLED=false \
  PREFECT_SERVER_ANALYTICS_ENABLED=false
unset PYTHONPATH
for name in $(env | grep -o '^KHABAR_[A-Z_]*' || true); do unset "$name"; done
khabar="$work/venv/bin/khabar"

# The installed package reads its own copies of the reference data, not the checkout's.
"$work/venv/bin/python" -c "
import khabar.resources as r, sys
sys.exit(0 if r.INSTALLED and r.DATA_ROOT.is_relative_to('$work/venv') else f'not installed: {r.DATA_ROOT}')"

"$khabar" run --input articles --warehouse warehouse
test -f warehouse/khabar.duckdb

printf '%s\n' 'प्रधानमंत्री नरेंद्र मोदी ने 12 मार्च 2021 को नई दिल्ली में रूस के राष्ट्रपति व्लादिमीर पुतिन से मुलाकात की।' >sentence.txt
"$khabar" annotate sentence.txt --published 2021-03-13 >annotation.json
"$work/venv/bin/python" - <<'PY'
import json, sys
found = json.load(open("annotation.json", encoding="utf-8"))
ids = {e["entity_id"] for e in found["entities"]}
values = {d["value"] for d in found["dates"]}
types = {e["type"] for e in found["events"]}
ok = {"per_narendra_modi", "per_vladimir_putin"} <= ids and "2021-03-12" in values and types
print(f"annotate: {len(ids)} entities, dates {sorted(values)}, events {sorted(types)}")
sys.exit(0 if ok else "annotate gave an unexpected result")
PY
echo "wheel-check: passed in $((SECONDS - started)) s"
