package dev.imagesync.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** {@code registry:2} through Testcontainers, for machines with a Docker engine but no binary. */
final class ContainerRegistry extends TestRegistry {

  private final GenericContainer<?> container;

  private ContainerRegistry(GenericContainer<?> container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  @SuppressWarnings("resource")
  static ContainerRegistry launch(String htpasswdContent) {
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse("registry:2"))
            .withExposedPorts(5000)
            .withEnv("REGISTRY_LOG_ACCESSLOG_DISABLED", "false")
            .withEnv("REGISTRY_STORAGE_DELETE_ENABLED", "true")
            .waitingFor(Wait.forHttp("/v2/").forStatusCodeMatching(code -> code == 200 || code == 401));
    if (htpasswdContent != null) {
      c.withEnv("REGISTRY_AUTH", "htpasswd")
          .withEnv("REGISTRY_AUTH_HTPASSWD_REALM", "imagesync-tests")
          .withEnv("REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd")
          .withCopyToContainer(org.testcontainers.images.builder.Transferable.of(htpasswdContent), "/auth/htpasswd");
    }
    c.start();
    return new ContainerRegistry(c);
  }

  @Override
  public String address() {
    return container.getHost() + ":" + container.getMappedPort(5000);
  }

  @Override
  protected String log() {
    return container.getLogs();
  }

  @Override
  public java.util.List<String> openUploads(String repository) {
    try {
      String listed = container.execInContainer("sh", "-c",
          "cd /var/lib/registry/docker/registry/v2/repositories/" + repository + "/_uploads 2>/dev/null && for d in *; do [ -f \"$d/startedat\" ] && echo \"$d\"; done; true").getStdout();
      return java.util.Arrays.stream(listed.split("\\s+")).filter(s -> !s.isBlank()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    container.stop();
  }
}
