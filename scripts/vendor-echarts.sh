#!/bin/sh
# Refreshes web/vendor/echarts/ from the pinned npm package of Apache ECharts: its ES module build (minified), its
# licence and notice. The charts of the statistics page use it; it is embedded in the binary with the rest of web/,
# so neither `make run` nor the browser ever needs npm or the network. Change VERSION and INTEGRITY together (the
# integrity is npm's, `npm view echarts@VERSION dist.integrity`), run this, look at the statistics page, commit.
# usage: scripts/vendor-echarts.sh
set -eu

VERSION=5.6.0
INTEGRITY=sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==

here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/takamul-echarts.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "echarts@$VERSION" >/dev/null)
tarball="$work/echarts-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "echarts-$VERSION.tgz: integrity $actual, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
out="$here/web/vendor/echarts"
mkdir -p "$out"
cp "$work/package/dist/echarts.esm.min.js" "$out/echarts.esm.min.js"
cp "$work/package/LICENSE" "$out/LICENSE"
cp "$work/package/NOTICE" "$out/NOTICE"
echo "$VERSION" > "$out/VERSION"
echo "web/vendor/echarts: Apache ECharts $VERSION"
