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
    Map<String, String> env = Main.environment;
    Naming naming = lists.naming(env);
    ProxySettings proxies = registries.proxies(env);
    Inputs.Result inputs = lists.read(env, naming, proxies);
    CredentialOptions.Resolved auth = credentials.resolve(env, lists.destinationRegistry(env));
    RegistrySession session = registries.session(auth, parallelJobs, proxies);
    SyncRunner runner = new SyncRunner(session, parallelJobs, dryRun);
    JobPlanner.Plan plan = new JobPlanner(repository -> session.openForPull(repository).listTags()).plan(inputs.rules());
    credentials.checkUnambiguous(plan.jobs());
    inputs.notices().forEach(n -> err.println("imagesync: notice: " + n));
    plan.notices().forEach(n -> err.println("imagesync: notice: " + n));
    return new PlannedRun(session, runner, plan);
  }
}
