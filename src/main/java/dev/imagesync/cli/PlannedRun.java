package dev.imagesync.cli;

import dev.imagesync.config.Inputs;
import dev.imagesync.config.Naming;
import dev.imagesync.http.ProxySettings;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.sync.JobPlanner;
import dev.imagesync.sync.SyncRunner;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What {@code sync} and {@code plan} share: read every input, resolve credentials, expand tag
 * selections into jobs, and show the notices. Bad input stops here, before anything is copied.
 */
record PlannedRun(RegistrySession session, SyncRunner runner, JobPlanner.Plan plan) {

  static PlannedRun prepare(ListOptions lists, RegistryOptions registries, CredentialOptions credentials,
      int parallelJobs, boolean dryRun, PrintWriter err) {
    return prepare(lists, registries, credentials, parallelJobs, dryRun, err, java.util.List.of(), false);
  }

  /**
   * {@code moreRules}: rules from elsewhere than the lists (the queue's rows); {@code queue}: the
   * run takes a queue's rows too, so naming no list is no error.
   */
  static PlannedRun prepare(ListOptions lists, RegistryOptions registries, CredentialOptions credentials,
      int parallelJobs, boolean dryRun, PrintWriter err, java.util.List<dev.imagesync.config.SyncRule> moreRules, boolean queue) {
    Map<String, String> env = Main.environment;
    Naming naming = lists.naming(env);
    ProxySettings proxies = registries.proxies(env);
    Inputs.Result inputs = !queue || lists.namesAnything()
        ? lists.read(env, naming, proxies) : new Inputs.Result(java.util.List.of(), java.util.List.of());
    if (!moreRules.isEmpty()) {
      java.util.List<dev.imagesync.config.SyncRule> all = new java.util.ArrayList<>(inputs.rules());
      all.addAll(moreRules);
      inputs = new Inputs.Result(all, inputs.notices());
    }
    if (lists.strictPlatforms) {
      inputs = new Inputs.Result(inputs.rules().stream().map(dev.imagesync.config.SyncRule::strict).toList(), inputs.notices());
    }
    java.util.Optional<dev.imagesync.config.Verification> verify = lists.verification();
    if (verify.isPresent()) {
      inputs = new Inputs.Result(inputs.rules().stream().map(r -> r.verifying(verify.get())).toList(), inputs.notices());
    }
    java.util.Optional<dev.imagesync.image.TrustedRoot> root = lists.trustedRoot();
    if (root.isPresent()) {
      inputs = new Inputs.Result(inputs.rules().stream().map(r -> r.trusting(root.get())).toList(), inputs.notices());
    }
    for (dev.imagesync.config.SyncRule r : inputs.rules()) {
      if (r.verify().flatMap(dev.imagesync.config.Verification::keyless).filter(k -> k.root().isEmpty()).isPresent()) {
        throw new dev.imagesync.config.InputException(r.origin() + ": 'verify' names an identity: keyless verification needs Sigstore's"
            + " trusted root: --trusted-root FILE, or \"trustedRoot\" in the entry");
      }
    }
    if (lists.prune) {
      inputs = new Inputs.Result(inputs.rules().stream().map(dev.imagesync.config.SyncRule::pruning).toList(), inputs.notices());
    }
    CredentialOptions.Resolved auth = credentials.resolve(env, lists.destinationRegistry(env), proxies);
    RegistrySession session = registries.session(auth, parallelJobs, proxies);
    session.prepareTls(inputs.rules().stream()
        .flatMap(r -> java.util.stream.Stream.concat(java.util.stream.Stream.of(r.source()), r.targets().stream().map(t -> t.repository())))
        .toList());
    SyncRunner runner = new SyncRunner(session, parallelJobs, dryRun);
    JobPlanner.Plan plan = new JobPlanner(repository -> session.openForPull(repository).listTags(), session::catalog,
        repository -> session.openForPush(repository, java.util.Optional.empty()).listTags()).plan(inputs.rules());
    credentials.checkUnambiguous(plan.jobs());
    plan = onePlatformIntoArchives(plan, err);
    inputs.notices().forEach(n -> err.println("imagesync: notice: " + n));
    plan.notices().forEach(n -> err.println("imagesync: notice: " + n));
    return new PlannedRun(session, runner, plan);
  }

  /**
   * A docker archive holds one platform per image: an entry going into one that names no platform
   * gets this machine's, as docker save and skopeo take it (one notice says so).
   */
  static JobPlanner.Plan onePlatformIntoArchives(JobPlanner.Plan plan, PrintWriter err) {
    if (plan.jobs().stream().noneMatch(j -> j.destination().isDockerArchive() && j.platforms().isEmpty())) {
      return plan;
    }
    dev.imagesync.image.Platform here = dev.imagesync.image.Platform.parseRequested(ThisPlatform.architecture());
    err.println("imagesync: notice: a docker archive holds one platform per image: " + ThisPlatform.architecture()
        + " (this machine's) for the entries that name none");
    java.util.List<dev.imagesync.config.SyncJob> jobs = plan.jobs().stream().map(j -> j.destination().isDockerArchive() && j.platforms().isEmpty()
        ? new dev.imagesync.config.SyncJob(j.source(), j.destination(), j.tags(), java.util.List.of(here), j.origin(), j.referrers(),
            j.strictPlatforms(), j.verify())
        : j).toList();
    return new JobPlanner.Plan(jobs, plan.failures(), plan.notices(), plan.failedRules(), plan.prunes());
  }
}
