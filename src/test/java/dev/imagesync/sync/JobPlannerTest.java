package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.SyncRule;
import dev.imagesync.config.TagSelection;
import dev.imagesync.image.ImageReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entries become jobs: one entry's trouble stays that entry's, and a layout's ref names find registry tags. */
class JobPlannerTest {

  private static SyncRule allTags(String source, String target) {
    return new SyncRule(ImageReference.parse(source), TagSelection.Listed.all(),
        List.of(SyncRule.Target.sameTags(ImageReference.parse(target))), List.of(), source);
  }

  @Test
  void refNamesARegistryCannotHoldAreRepairedAndTwoRepairedAlikeFailAlone() {
    JobPlanner planner = new JobPlanner(repository -> List.of("1.0", "a/b", "a:b", "v1.0+build.5"));
    JobPlanner.Plan plan = planner.plan(List.of(allTags("oci:/mnt/refs", "r.example/ns/refs"), allTags("oci:/mnt/refs", "oci:/mnt/copy")));

    assertEquals(List.of("r.example/ns/refs:1.0 <- oci:/mnt/refs:1.0", "r.example/ns/refs:a-b <- oci:/mnt/refs:a/b",
            "r.example/ns/refs:v1.0-build.5 <- oci:/mnt/refs:v1.0+build.5", "oci:/mnt/copy:1.0 <- oci:/mnt/refs:1.0",
            "oci:/mnt/copy:a/b <- oci:/mnt/refs:a/b", "oci:/mnt/copy:a:b <- oci:/mnt/refs:a:b",
            "oci:/mnt/copy:v1.0+build.5 <- oci:/mnt/refs:v1.0+build.5"),
        plan.jobs().stream().map(j -> j.target(j.tags().get(0)) + " <- " + j.source()).toList(), "into a layout, ref names stay");
    assertEquals(List.of("r.example/ns/refs:a-b: ref name 'a:b' would be written as a-b, as 'a/b' is"),
        plan.failures().stream().map(f -> f.target() + ": " + f.reason().orElseThrow()).toList());
    assertTrue(plan.notices().contains("oci:/mnt/refs: oci:/mnt/refs:v1.0+build.5: ref name 'v1.0+build.5' is not a registry tag: written as v1.0-build.5"),
        plan.notices().toString());
  }

  /** --to docker-archive:FILE: every image into one tar, each named as docker save names it, whatever the entry's target name. */
  @Test
  void intoOneDockerArchiveEachImageIsNamedAsDockerSaveNamesIt() {
    dev.imagesync.config.Destination archive = dev.imagesync.config.Destination.parse("docker-archive:/mnt/usb/all.tar", "--to");
    JobPlanner planner = new JobPlanner(repository -> List.of("1.25"));
    SyncRule hub = allTags("docker.io/library/nginx", archive.repositoryFor("nginx").toString());
    SyncRule ghcr = new SyncRule(ImageReference.parse("ghcr.io/org/app:1"), new TagSelection.Fixed(),
        List.of(new SyncRule.Target(archive.repositoryFor("app"), List.of("1", "stable"))), List.of(), "images.json");
    JobPlanner.Plan plan = planner.plan(List.of(hub, ghcr));

    assertEquals(List.of("docker-archive:/mnt/usb/all.tar:nginx:1.25 <- docker.io/library/nginx:1.25",
            "docker-archive:/mnt/usb/all.tar:ghcr.io/org/app:1 <- ghcr.io/org/app:1",
            "docker-archive:/mnt/usb/all.tar:ghcr.io/org/app:stable <- ghcr.io/org/app:1"),
        plan.jobs().stream().flatMap(j -> j.tags().stream().map(t -> j.target(t) + " <- " + j.source())).toList());
    assertEquals(List.of(), plan.failures());
  }

  @Test
  void anEntryThatCannotBePlannedFailsAloneWhateverWentWrong() {
    JobPlanner planner = new JobPlanner(repository -> {
      if (repository.repository().contains("listing")) {
        throw new dev.imagesync.registry.RegistryException(dev.imagesync.registry.RegistryException.Kind.NOT_FOUND, "no such repository");
      }
      if (repository.repository().contains("odd")) {
        return List.of("fine", "bad tag"); // no tag a registry has: a bug elsewhere, not the run's end
      }
      return List.of("v1");
    });
    JobPlanner.Plan plan = planner.plan(List.of(allTags("r.example/ns/listing", "d.example/listing"),
        allTags("r.example/ns/odd", "d.example/odd"), allTags("r.example/ns/good", "d.example/good")));

    assertEquals(List.of("d.example/good:v1"), plan.jobs().stream().map(j -> j.target(j.tags().get(0)).toString()).toList());
    Map<String, String> failed = new java.util.TreeMap<>();
    plan.failures().forEach(f -> failed.put(f.target().toString(), f.reason().orElseThrow()));
    assertEquals(2, failed.size(), failed.toString());
    assertTrue(failed.get("d.example/listing").startsWith("cannot list tags: no such repository"), failed.toString());
    assertTrue(failed.get("d.example/odd").startsWith("internal error: java.lang.IllegalArgumentException: invalid tag 'bad tag'"), failed.toString());
    assertEquals(2, plan.failedRules().size());
  }

  @Test
  void pruningTakesOnlyVanishedTagsTheSelectionAdmitsAndNothingWhenTheSourceListsNone() {
    SyncRule rule = new SyncRule(ImageReference.parse("r.example/ns/app"), new TagSelection.Listed(java.util.Optional.of(java.util.regex.Pattern.compile("^v")),
        java.util.Optional.empty(), java.util.OptionalInt.empty()), List.of(SyncRule.Target.sameTags(ImageReference.parse("d.example/app"))), List.of(),
        "images.json:1").pruning();
    JobPlanner planner = new JobPlanner(repository -> List.of("v1", "v2"), (r, p) -> List.of(), repository -> List.of("v0", "v1", "latest", "x9"));
    assertEquals(List.of("d.example/app:v0"), planner.plan(List.of(rule)).prunes().stream().map(p -> p.target().toString()).toList(),
        "latest and x9 are not the selection's; v1 is still at the source");

    JobPlanner.Plan empty = new JobPlanner(repository -> List.of(), (r, p) -> List.of(), repository -> List.of("v0", "v1")).plan(List.of(rule));
    assertEquals(List.of(), empty.prunes(), "a source that lists nothing prunes nothing");
    assertTrue(empty.notices().contains("images.json:1: not pruning: r.example/ns/app listed no tags"), empty.notices().toString());

    JobPlanner.Plan failing = new JobPlanner(repository -> {
      throw new dev.imagesync.registry.RegistryException(dev.imagesync.registry.RegistryException.Kind.NETWORK, "connection reset");
    }, (r, p) -> List.of(), repository -> List.of("v0")).plan(List.of(rule));
    assertEquals(List.of(), failing.prunes(), "a source that cannot be listed prunes nothing");
    assertEquals(1, failing.failures().size());
  }

  @Test
  void twoRulesIntoOneRepositoryWhenEitherPrunesAreRefusedNamingBoth() {
    SyncRule pruning = allTags("r.example/ns/app", "d.example/mirror/app").pruning();
    SyncRule other = new SyncRule(ImageReference.parse("q.example/x/app"), TagSelection.Listed.all(),
        List.of(SyncRule.Target.sameTags(ImageReference.parse("d.example/mirror/app"))), List.of(), "images.json:2");
    JobPlanner planner = new JobPlanner(repository -> List.of(repository.registry().startsWith("r.") ? "v1" : "v2"), (r, p) -> List.of(),
        repository -> List.of());
    String message = org.junit.jupiter.api.Assertions.assertThrows(dev.imagesync.config.InputException.class,
        () -> planner.plan(List.of(pruning, other))).getMessage();
    assertEquals("r.example/ns/app (r.example/ns/app) and images.json:2 (q.example/x/app) both write d.example/mirror/app, and the first prunes it:"
        + " each would delete what the other copies; give them separate destination repositories (target, --keep-path), or prune neither", message);
    assertEquals(2, planner.plan(List.of(allTags("r.example/ns/app", "d.example/mirror/app"), other)).jobs().size(), "neither prunes: allowed");
    assertEquals(1, planner.plan(List.of(pruning, pruning)).jobs().size(), "the same entry twice is one owner");
  }

  @Test
  void aNamespaceThatListsNothingOrMatchesNothingFailsItsEntry() {
    SyncRule.Catalog catalog = new SyncRule.Catalog("r.example", "tema", java.util.Optional.empty(), java.util.Optional.empty(),
        source -> ImageReference.repository("d.example", "mirror/" + source.repository().substring(source.repository().lastIndexOf('/') + 1)));
    SyncRule namespace = new SyncRule(ImageReference.repository("r.example", "tema"), TagSelection.Listed.all(), List.of(), List.of(), "images.md:1",
        false, false, false, java.util.Optional.of(catalog));
    JobPlanner.Plan plan = new JobPlanner(repository -> List.of("v1"), (r, p) -> List.of(), repository -> List.of()).plan(List.of(namespace));
    assertEquals(List.of("no repository under r.example/tema/ (the catalog of r.example lists none there; is the namespace right?)"),
        plan.failures().stream().map(f -> f.reason().orElseThrow()).toList());
  }
}
