#!/usr/bin/env bash
# Vendors the dashboard's third-party assets from npm into src/marsad/web/static/vendor/.
# Run once when a version changes; the output is committed, so neither the package nor
# its users ever fetch anything at run time (no CDN, no tile server).
#
#   bash scripts/build_web_assets.sh
#
# Needs node + npm (npm pack only downloads tarballs; nothing is installed globally).
set -euo pipefail

LEAFLET_VERSION=1.9.4
MARKERCLUSTER_VERSION=1.5.3  # MIT; tarball sha256 fc6b0b1d00b6c708ae54e43ee4a11ac345e41660e19f0a570190bb35babb1a1c
WORLD_ATLAS_VERSION=2.0.2
TOPOJSON_CLIENT_VERSION=3.1.0
SWAGGER_UI_VERSION=5.35.0

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$repo_root/src/marsad/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack NAME VERSION -> $work/NAME/package
    local name="$1" version="$2"
    mkdir -p "$work/$name"
    (cd "$work/$name" && npm pack --silent "$name@$version" >/dev/null && tar -xzf ./*.tgz)
}

unpack leaflet "$LEAFLET_VERSION"
unpack leaflet.markercluster "$MARKERCLUSTER_VERSION"
unpack world-atlas "$WORLD_ATLAS_VERSION"
unpack topojson-client "$TOPOJSON_CLIENT_VERSION"
unpack swagger-ui-dist "$SWAGGER_UI_VERSION"

# VENDORED.md (what is here, where from, under which licence) is kept by hand and survives.
mkdir -p "$vendor"
find "$vendor" -mindepth 1 -maxdepth 1 ! -name VENDORED.md -exec rm -rf {} +
mkdir -p "$vendor/leaflet" "$vendor/leaflet.markercluster" "$vendor/swagger-ui"

cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" "$vendor/leaflet/"
# Only the core stylesheet: the dashboard draws its own cluster icons (app.css).
cp "$work/leaflet.markercluster/package/dist/leaflet.markercluster.js" \
    "$work/leaflet.markercluster/package/dist/MarkerCluster.css" "$vendor/leaflet.markercluster/"
cp "$work/topojson-client/package/dist/topojson-client.min.js" "$vendor/"
cp "$work/swagger-ui-dist/package/swagger-ui-bundle.js" "$work/swagger-ui-dist/package/swagger-ui.css" "$vendor/swagger-ui/"
# The bundles end with a sourceMappingURL comment; the maps are not vendored, so drop the
# comment to keep the browser from requesting a file that does not exist.
sed -i '/^\/\/# sourceMappingURL=/d' "$vendor/swagger-ui/swagger-ui-bundle.js" "$vendor/leaflet/leaflet.js" \
    "$vendor/leaflet.markercluster/leaflet.markercluster.js"
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$vendor/swagger-ui/swagger-ui.css"

# file:// pages cannot fetch() JSON, and a script tag works everywhere: wrap the TopoJSON.
{
    printf '/* world-atlas %s countries-50m (Natural Earth 4.1.0, public domain; package ISC) */\n' "$WORLD_ATLAS_VERSION"
    printf 'var MARSAD_WORLD_TOPOLOGY = '
    cat "$work/world-atlas/package/countries-50m.json"
    printf ';\n'
} > "$vendor/world-countries-50m.js"

# Licence texts travel with the files (package data ships *.json, not LICENSE files).
python3 - "$work" "$vendor/licenses.json" <<'PY'
import json, pathlib, sys
work, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
entries = []
for name in ("leaflet", "leaflet.markercluster", "world-atlas", "topojson-client", "swagger-ui-dist"):
    pkg = work / name / "package"
    meta = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
    lic = next((p for p in sorted(pkg.iterdir()) if "LICEN" in p.name.upper()), None)  # MIT-LICENCE.txt too
    entries.append({
        "package": name,
        "version": meta["version"],
        "license": meta.get("license"),
        "text": lic.read_text(encoding="utf-8") if lic else None,
    })
out.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
PY

du -sh "$vendor"/* | sed "s#$repo_root/##"
