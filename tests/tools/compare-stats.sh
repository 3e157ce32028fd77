#!/bin/sh
# Checks that two builds of Carnet compute byte-identical statistics: each fills a fresh base with the same demo data
# (carnet demo --count N --seed 3) and writes `carnet stats --json` for a set of filter combinations; the outputs must
# be identical. Use it around a change that must not alter the figures (a refactoring, a faster engine):
#
#   tests/tools/compare-stats.sh OLD/app/carnet NEW/app/carnet [COUNT]
#
# Both runs must happen on the same day (the demo data spans the 24 months before today). Exit code 0 when identical.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 OLD_CARNET NEW_CARNET [COUNT]" >&2
    exit 2
fi
old=$1
new=$2
count=${3:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

snapshot() { # binary, output folder
    bin=$1
    out=$2
    mkdir -p "$out"
    "$bin" --data-dir "$out/data" demo --count "$count" --seed 3 > /dev/null 2>&1
    "$bin" --data-dir "$out/data" stats --json > "$out/defaut.json"
    # The first place and commune of the base, for the place and commune filters.
    lieu=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["repartitions"]["lieux"]["ordre"][0])' < "$out/defaut.json")
    commune=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["repartitions"]["communes"]["ordre"][0])' < "$out/defaut.json")
    year=$(date +%Y)
    last=$((year - 1))
    run() { name=$1; shift; "$bin" --data-dir "$out/data" stats --json "$@" > "$out/$name.json"; }
    run annee --comparer annee
    run collectif-email --type collectif --thematique email
    run annee-derniere --from "$last-01-01" --to "$last-12-31"
    run annee-derniere-collectif-email --from "$last-01-01" --to "$last-12-31" --type collectif --thematique email
    run mois-individuel --from "$year-01-01" --to "$year-01-31" --type individuel
    run lieu --lieu "$lieu"
    run commune --commune "$commune" --comparer annee
    run demarches --thematique aide_aux_demarches_administratives --comparer precedente
    run tout --from "$((year - 3))-01-01" --to "$year-12-31"
    run dix-jours --from "$year-01-10" --to "$year-01-19" --type individuel
    "$bin" --data-dir "$out/data" stats > "$out/texte.txt"
    rm -rf "$out/data"
}

snapshot "$old" "$work/old"
snapshot "$new" "$work/new"
if diff -r "$work/old" "$work/new" > "$work/diff.txt"; then
    echo "identical: $(ls "$work/new" | wc -l) outputs on $count demo activities"
else
    head -50 "$work/diff.txt"
    echo "DIFFERENT" >&2
    exit 1
fi
