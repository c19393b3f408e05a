#!/usr/bin/env bash
# Builds target/orders-job-1.0.jar from src/main/java without Maven or a Flink download: the
# sources compile against build-stubs/, compile-only stand-ins with the exact signatures of the
# Flink 1.20.0 API the job uses. The stubs stay out of the jar, as `provided` dependencies do; the
# cluster brings the real Flink. Needs a JDK 11 or later (javac, jar). The jar is reproducible:
# sorted entries, fixed timestamps and a fixed manifest give the same bytes on every build.
set -euo pipefail
cd "$(dirname "$0")"

TIMESTAMP=2026-01-01T00:00:00Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Stubs first, on their own: only their class files reach the job's compile classpath.
find build-stubs/src/main/java -name '*.java' | LC_ALL=C sort >"$work/stubs.txt"
javac --release 11 -nowarn -XDsuppressNotes -d "$work/stubs" @"$work/stubs.txt"

# -g keeps SourceFile, LineNumberTable and LocalVariableTable, so stack traces name lines.
find src/main/java -name '*.java' | LC_ALL=C sort >"$work/sources.txt"
javac --release 11 -g -XDsuppressNotes -encoding UTF-8 -cp "$work/stubs" -d "$work/classes" @"$work/sources.txt"

cat >"$work/MANIFEST.MF" <<MANIFEST
Manifest-Version: 1.0
Created-By: orders-job build.sh
Build-Jdk-Spec: 11
Main-Class: com.example.orders.OrdersJob
MANIFEST

mkdir -p target
out="$(pwd)/target/orders-job-1.0.jar"
rm -f "$out"
cd "$work/classes"
find . -name '*.class' | sed 's|^\./||' | LC_ALL=C sort >"$work/classes.txt"
jar --create --file "$out" --manifest "$work/MANIFEST.MF" --date "$TIMESTAMP" @"$work/classes.txt"
echo "built $out"
