#!/usr/bin/env bash
# Fetches the ONNX Runtime shared library that claimsift loads at run time.
#
# It comes from the pinned `onnxruntime` wheel on PyPI (the only distribution reachable from
# our machines); only the shared library is kept, under .ort/lib/ in the repository, where
# claimsift finds it without any environment variable.
#
# Usage: scripts/setup-ort.sh [DEST_DIR]      (default: <repo>/.ort/lib)
set -euo pipefail

ORT_VERSION="1.32.0"
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-"$repo/.ort/lib"}
lib="libonnxruntime.so.$ORT_VERSION"

if [ -f "$dest/$lib" ]; then
  echo "ONNX Runtime $ORT_VERSION already present: $dest/$lib"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform="manylinux_2_28_x86_64" ;;
  Linux-aarch64) platform="manylinux_2_28_aarch64" ;;
  *) echo "error: no prebuilt onnxruntime wheel is set up for $(uname -s)-$(uname -m);" \
          "set ORT_DYLIB_PATH to a libonnxruntime you built" >&2; exit 2 ;;
esac

python=$(command -v python3 || command -v python || true)
if [ -z "$python" ]; then
  echo "error: python3 with pip is needed to fetch the onnxruntime wheel (apt-get install python3-pip)" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "Fetching onnxruntime $ORT_VERSION wheel ($platform)…"
"$python" -m pip download --quiet --no-deps --only-binary=:all: \
  --platform "$platform" --python-version 3.11 \
  -d "$tmp" "onnxruntime==$ORT_VERSION"

mkdir -p "$dest"
"$python" - "$tmp" "$dest" "$lib" <<'PY'
import glob, os, sys, zipfile
tmp, dest, lib = sys.argv[1:4]
wheels = glob.glob(os.path.join(tmp, "onnxruntime-*.whl"))
if not wheels:
    sys.exit("error: pip downloaded no onnxruntime wheel")
with zipfile.ZipFile(wheels[0]) as z:
    name = next((n for n in z.namelist() if n.endswith("capi/" + lib)), None)
    if name is None:
        sys.exit(f"error: {lib} not found inside {os.path.basename(wheels[0])}")
    with z.open(name) as src, open(os.path.join(dest, lib), "wb") as out:
        out.write(src.read())
PY
ln -sf "$lib" "$dest/libonnxruntime.so"
echo "ONNX Runtime $ORT_VERSION installed: $dest/$lib"
