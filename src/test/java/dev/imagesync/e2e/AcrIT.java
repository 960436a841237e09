package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.AcrApiStandIn;
import dev.imagesync.testing.AcrApiStandIn.Call;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * transfer.sh's step before each push: the repository created public through Aliyun's Container
 * Registry API. The API is a stand-in that checks every signature; the pushes go to a real registry.
 */
@ExtendWith(RegistryExtension.class)
class AcrIT {

  @TempDir Path tmp;

  private Map<String, String> env(RawRegistry acr, AcrApiStandIn api) {
    Map<String, String> env = new HashMap<>(Map.of("ALIYUN_REGISTRY", acr.address(), "ALIYUN_NAMESPACE", "mirror",
        "ALIYUN_ACCESS_KEY_ID", AcrApiStandIn.KEY_ID, "ALIYUN_ACCESS_KEY_SECRET", AcrApiStandIn.KEY_SECRET, "ALIYUN_REGION", "cn-hangzhou",
        "ALIYUN_CR_ENDPOINT", api.endpoint()));
    return env;
  }

  private static void assertNoKey(Cli.Run run) {
    for (String secret : List.of(AcrApiStandIn.KEY_ID, AcrApiStandIn.KEY_SECRET)) {
      assertFalse(run.stdout().contains(secret) || run.stderr().contains(secret), "the access key leaked: " + run);
    }
  }

  @Test
  void aMissingRepositoryIsCreatedPublicBeforeTheFirstPushAndAnExistingOneIsLeftAlone(TestRegistry srcRegistry, TestRegistry acrRegistry)
      throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry acr = new RawRegistry(acrRegistry);
    TestImages images = new TestImages(src);
    Pushed app = images.single("org/app", "1", "linux/amd64", "acr-app", true);
    images.single("org/kept", "1", "linux/amd64", "acr-kept", true);
    images.single("org/lost", "1", "linux/amd64", "acr-lost", true);
    try (AcrApiStandIn api = new AcrApiStandIn().namespace("mirror").existing("mirror", "kept", "PRIVATE")) {
      List<String> pushedBeforeCreate = new CopyOnWriteArrayList<>();
      api.beforeCreate(call -> acr.getManifest(call.namespace() + "/" + call.name(), "1").ifPresent(m -> pushedBeforeCreate.add(call.name())));
      Path list = Files.writeString(tmp.resolve("images.json"), "[{\"source\": \"" + src.address() + "/org/app:1\"},"
          + " {\"source\": \"" + src.address() + "/org/kept:1\"},"
          + " {\"source\": \"" + src.address() + "/org/lost:1\", \"target\": \"" + acr.address() + "/nons/lost\"}]");

      Cli.Run run = Cli.run(List.of(), env(acr, api), "sync", list.toString());

      assertEquals(1, run.exitCode(), run.toString());
      assertNoKey(run);
      assertEquals(List.of(), api.refused(), "every request correctly signed");
      assertTrue(api.calls().contains(new Call("CreateRepo", "mirror", "app", "PUBLIC", null)), api.calls().toString());
      assertTrue(api.calls().contains(new Call("GetRepo", "mirror", "kept", null, null)));
      assertFalse(api.calls().stream().anyMatch(c -> c.action().equals("CreateRepo") && c.name().equals("kept")), "an existing repository is left as it is");
      assertEquals("PRIVATE", api.repositories().get("mirror/kept"));
      assertEquals(List.of(), pushedBeforeCreate, "created before anything was pushed");
      assertEquals(app.digest(), acr.getManifest("mirror/app", "1").orElseThrow().digest());
      assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("copied") && l.contains("mirror/app:1") && l.contains("repository created public")),
          run.stdout());
      String lost = run.linesStartingWith("failed").get(0);
      assertTrue(lost.contains("nons/lost") && lost.contains("namespace does not exist") && lost.contains("NAMESPACE_NOT_EXIST"), lost);
      assertTrue(acr.getManifest("nons/lost", "1").isEmpty(), "nothing pushed where the repository could not be made");
      assertEquals(1, run.linesStartingWith("failed").size(), run.stdout());
    }
  }

  @Test
  void privateOnRequestTheEnterpriseEditionAndTheApisRefusalsAsOneLine(TestRegistry srcRegistry, TestRegistry acrRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry acr = new RawRegistry(acrRegistry);
    TestImages images = new TestImages(src);
    images.single("org/one", "1", "linux/amd64", "acr-one", true);
    images.single("org/two", "1", "linux/amd64", "acr-two", true);
    images.single("org/three", "1", "linux/amd64", "acr-three", true);
    try (AcrApiStandIn api = new AcrApiStandIn().namespace("mirror")) {
      Cli.Run priv = Cli.run(List.of(), env(acr, api), "copy", "--acr-create", "private", "--log-level", "trace", src.address() + "/org/one:1");
      assertEquals(0, priv.exitCode(), priv.toString());
      assertTrue(priv.stderr().contains("/repos/mirror/one") && priv.stderr().contains("Authorization: ****"), "the trace shows the API's requests, masked: " + priv.stderr());
      assertNoKey(priv);
      assertEquals("PRIVATE", api.repositories().get("mirror/one"));

      Cli.Run enterprise = Cli.run(List.of(), env(acr, api), "copy", "--acr-instance", "cri-test0001", src.address() + "/org/two:1");
      assertEquals(0, enterprise.exitCode(), enterprise.toString());
      assertTrue(api.calls().contains(new Call("CreateRepository", "mirror", "two", "PUBLIC", "cri-test0001")), api.calls().toString());

      api.quota(2);
      Cli.Run full = Cli.run(List.of(), env(acr, api), "copy", src.address() + "/org/three:1");
      assertEquals(1, full.exitCode(), full.toString());
      assertTrue(full.stdout().contains("quota of repositories is reached") && full.stdout().contains("REPO_QUOTA_EXCEED"), full.stdout());

      Map<String, String> wrongSecret = env(acr, api);
      wrongSecret.put("ALIYUN_ACCESS_KEY_SECRET", "Not-The-Secret-55x");
      api.quota(100);
      Cli.Run refused = Cli.run(List.of(), wrongSecret, "copy", src.address() + "/org/three:1");
      assertEquals(1, refused.exitCode(), refused.toString());
      assertTrue(refused.stdout().contains("the access key was refused") && refused.stdout().contains("SignatureDoesNotMatch"), refused.stdout());
      assertFalse(refused.toString().contains("Not-The-Secret-55x"));
      assertNoKey(refused);
      assertTrue(acr.getManifest("mirror/three", "1").isEmpty());

      Map<String, String> noKey = env(acr, api);
      noKey.remove("ALIYUN_ACCESS_KEY_SECRET");
      Cli.Run usage = Cli.run(List.of(), noKey, "copy", "--acr-create", "public", src.address() + "/org/three:1");
      assertEquals(2, usage.exitCode(), usage.toString());
      assertTrue(usage.stderr().contains("needs ALIYUN_ACCESS_KEY_ID and ALIYUN_ACCESS_KEY_SECRET"), usage.stderr());
    }
  }
}
