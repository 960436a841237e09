package dev.imagesync.harbor;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Json;
import dev.imagesync.registry.RegistryApi;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.RepositoryCreation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Harbor projects made before the first push into them ({@code --create-repositories}): Harbor
 * creates repositories on push, but only inside a project that exists, and a push into a missing
 * one is refused as unauthorized. Through Harbor's API v2.0 (goharbor/harbor api/v2.0/swagger.yaml):
 * {@code GET /api/v2.0/systeminfo} tells a Harbor (its {@code auth_mode}, answered to anyone), once
 * per registry per run; {@code HEAD /api/v2.0/projects?project_name=P} (200 or 404) whether the
 * project exists; {@code POST /api/v2.0/projects} creates it, private, as the UI does by default
 * (201; 409 when another run made it meanwhile). Credentials are the destination's own (a user, or a
 * robot account with the project-create permission).
 */
public final class HarborProjects implements RepositoryCreation {

  private final Function<ImageReference, RegistryApi> apis;
  /** Per registry: whether it is a Harbor. */
  private final Map<String, Boolean> harbors = new ConcurrentHashMap<>();

  public HarborProjects(Function<ImageReference, RegistryApi> apis) {
    this.apis = apis;
  }

  @Override
  public Optional<String> beforeFirstPush(ImageReference repository) {
    String name = repository.repository();
    if (repository.isLayout() || !name.contains("/")) {
      return Optional.empty(); // no project to make: Harbor refuses a repository outside one, in its own words
    }
    RegistryApi api = apis.apply(repository);
    String registry = repository.registry();
    if (!harbors.computeIfAbsent(registry, r -> isHarbor(api))) {
      return Optional.empty();
    }
    String project = name.substring(0, name.indexOf('/'));
    String what = "cannot create Harbor project " + project + " on " + registry;
    RegistryApi.Answer exists = api.call("HEAD", "/api/v2.0/projects?project_name=" + java.net.URLEncoder.encode(project,
        java.nio.charset.StandardCharsets.UTF_8), Optional.empty());
    if (exists.status() == 200) {
      return Optional.empty();
    }
    if (exists.status() != 404) {
      throw refused(what, exists, api);
    }
    RegistryApi.Answer made = api.call("POST", "/api/v2.0/projects",
        Optional.of("{\"project_name\":" + Json.quoted(project) + ",\"metadata\":{\"public\":\"false\"}}"));
    if (made.status() == 201) {
      return Optional.of("created Harbor project " + project + " (private)");
    }
    if (made.status() == 409) {
      return Optional.empty(); // made by another run meanwhile: what was wanted
    }
    throw refused(what, made, api);
  }

  private static boolean isHarbor(RegistryApi api) {
    RegistryApi.Answer info = api.call("GET", "/api/v2.0/systeminfo", Optional.empty());
    if (info.status() != 200 || info.body().isBlank()) {
      return false;
    }
    try {
      return Json.mapper().readTree(info.body()).has("auth_mode");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static RegistryException refused(String what, RegistryApi.Answer answer, RegistryApi api) {
    if (answer.status() == 401) {
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED, what + ": " + answer.describe() + (api.hasCredentials()
          ? ": check the user name and password" : ": no credentials for it; Harbor creates projects only for a login"));
    }
    if (answer.status() == 403) {
      return new RegistryException(RegistryException.Kind.DENIED, what + ": " + answer.describe() + ": this account may not create projects"
          + " (Harbor's project creation is set to admins only, or the robot account lacks the project-create permission); create it in"
          + " Harbor first");
    }
    return new RegistryException(RegistryException.Kind.OTHER, what + ": " + answer.describe());
  }
}
