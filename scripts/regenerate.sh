#!/usr/bin/env bash
# scripts/regenerate.sh: writes the files rendered from the commands' picocli annotations again —
# src/main/java/dev/imagesync/cli/CommandModels.java (picocli's model built by code), then the
# command reference under docs/ (rendered from that model). Run it after changing an option.
# CommandModels.java is first replaced by a stand-in that reads the annotations, so that the
# build compiles even when an option field it names was renamed or removed.
set -euo pipefail
cd "$(dirname "$0")/.."
models=src/main/java/dev/imagesync/cli/CommandModels.java
cat > "$models" <<'JAVA'
package dev.imagesync.cli;

/** A stand-in while scripts/regenerate.sh writes the generated file. */
final class CommandModels {
  private CommandModels() {}

  static picocli.CommandLine.Model.CommandSpec of(Object command) {
    return picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(command);
  }
}
JAVA
mvn -B -q test -Dtest=CommandModelTest -Dimagesync.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false
mvn -B -q test -Dtest='CommandModelTest,HelpTest' -Dimagesync.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false
git status --short -- "$models" docs/reference docs/man
