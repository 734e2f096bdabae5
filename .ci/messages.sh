#!/usr/bin/env bash
# The Spanish catalogues: one per app (masterymap/<app>/locale) and one for the project's own
# templates and masterymap/lib (locale/). `make messages` runs this; `make messages APP=mastery` does one app.
#   .ci/messages.sh extract [APP]   add new strings to the .po files (keeps translations)
#   .ci/messages.sh compile [APP]   write the .mo files the app reads (committed)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
admin="$root/.venv/bin/django-admin"
export DJANGO_SETTINGS_MODULE=masterymap.settings PYTHONPATH="$root"
apps=(accounts standards assessments evidence mastery interventions goals benchmarks workflows exchange)
what=${1:-extract}
only=${2:-}

run_in() { # dir, command…
    (cd "$1" && shift && "$admin" "$@")
}

for app in "${apps[@]}" project; do
    [ -n "$only" ] && [ "$only" != "$app" ] && continue
    if [ "$app" = project ]; then dir=$root; else dir=$root/masterymap/$app; fi
    case $what in
    extract)
        if [ "$app" = project ]; then
            # The templates/ folder and masterymap/lib (shared code with no app of its own).
            ignore_apps=()
            for other in "${apps[@]}" demo; do ignore_apps+=(--ignore="masterymap/$other/*"); done
            run_in "$dir" makemessages -l es --no-obsolete "${ignore_apps[@]}" \
                --ignore='masterymap/lib/tests/*' --ignore='.venv/*' \
                --ignore='bench/*' --ignore='tests/*' --ignore='static/*' --ignore='docs/*' -v0
        else
            run_in "$dir" makemessages -l es --no-obsolete --ignore='tests/*' \
                --ignore='migrations/*' -v0
        fi ;;
    compile) run_in "$dir" compilemessages -l es -v0 ;;
    *) echo "usage: $0 extract|compile [APP]" >&2; exit 2 ;;
    esac
done
