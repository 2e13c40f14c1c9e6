#!/usr/bin/env bash
# Generates TypeScript types for every .proto under proto/ into src/generated.
# The loader options here must match PROTO_LOADER_OPTIONS in src/proto.ts.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/libs/contracts/src/generated"
rm -rf "$out" && mkdir -p "$out"
cd "$root/proto"
mapfile -t files < <(find . -name '*.proto' | sed 's|^\./||' | sort)
"$root/node_modules/.bin/proto-loader-gen-types" --keepCase --longs=Number --enums=String --defaults --oneofs \
  --includeComments --grpcLib=@grpc/grpc-js -I . -O "$out" "${files[@]}" >/dev/null
# One index per generated package folder so callers can import the types as a namespace.
find "$out" -mindepth 1 -type d | while read -r dir; do
  ls "$dir"/*.ts >/dev/null 2>&1 || continue
  for f in "$dir"/*.ts; do
    b=$(basename "$f" .ts); [ "$b" = index ] && continue
    echo "export type * from './$b';"
  done > "$dir/index.ts"
done
"$root/node_modules/.bin/tsx" "$root/libs/contracts/scripts/write-schema.ts"
