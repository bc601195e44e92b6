"""Copy the front-end files the site serves from node_modules into build/frontend.

Packages are installed by npm (package.json, package-lock.json); this script picks the
files Django serves as static files, so nothing from npm is kept in the repository.
KERN's CSS and the web fonts reach the pages through the stylesheet bundles that
scripts/build_css.mjs builds (build/frontend/bundles, build/frontend/fonts); the four
full Fira Sans files copied here are for documents made on the server only (WeasyPrint
PDFs, the employers' seal, the news pictures), never linked from a page.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
TARGET = ROOT / "build" / "frontend" / "vendor"

# (source inside node_modules, destination inside build/frontend/vendor)
FILES = [
    *(
        (
            f"@kern-ux/native/dist/fonts/fira-sans/FiraSans-{face}.woff2",
            f"kern/fonts/fira-sans/FiraSans-{face}.woff2",
        )
        for face in ("Regular", "Italic", "SemiBold", "Bold")
    ),
    ("@kern-ux/native/LICENSE.md", "kern/LICENSE.md"),
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    # The minified scripts name their source maps (sourceMappingURL); the hashed static
    # files storage of production rewrites that reference and needs the file next to it.
    ("leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    ("leaflet/LICENSE", "leaflet/LICENSE"),
    ("leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet/leaflet.markercluster.js"),
    (
        "leaflet.markercluster/dist/leaflet.markercluster.js.map",
        "leaflet/leaflet.markercluster.js.map",
    ),
    ("leaflet.markercluster/dist/MarkerCluster.css", "leaflet/MarkerCluster.css"),
    ("leaflet.markercluster/dist/MarkerCluster.Default.css", "leaflet/MarkerCluster.Default.css"),
    ("leaflet.markercluster/MIT-LICENCE.txt", "leaflet/markercluster-LICENCE.txt"),
]


def main() -> int:
    missing = [src for src, _ in FILES if not (NODE_MODULES / src).exists()]
    if missing:
        print(
            "Missing front-end packages: " + ", ".join(missing) + "\nRun: npm ci",
            file=sys.stderr,
        )
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for src, dst in FILES:
        source, destination = NODE_MODULES / src, TARGET / dst
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    print(f"Copied {len(FILES)} front-end entries to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
