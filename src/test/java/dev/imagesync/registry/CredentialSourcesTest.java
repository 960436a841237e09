package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.CredentialProvider.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which credential each source hands out; the registry tests prove they are then used. */
class CredentialSourcesTest {

  private static ImageReference repo(String text) {
    ImageReference r = ImageReference.parse(text);
    return ImageReference.repository(r.registry(), r.repository());
  }

  @Test
  void workflowVariablesMapToTheirRegistries() {
    WorkflowEnvironmentCredentials env = new WorkflowEnvironmentCredentials(Map.of(
        "ALIYUN_REGISTRY", "registry.cn-hangzhou.aliyuncs.com", "ALIYUN_USERNAME", "ali", "ALIYUN_PASSWORD", "ali-pass",
        "DOCKERHUB_USERNAME", "hubber", "DOCKERHUB_TOKEN", "dckr_pat_x",
        "GITHUB_TOKEN", "ghs_token", "GITHUB_ACTOR", "octocat"));
    assertEquals(Optional.of(new RegistryCredential("ali", "ali-pass")), env.credentialFor(repo("registry.cn-hangzhou.aliyuncs.com/ns/app"), Role.DESTINATION));
    assertEquals(Optional.of(new RegistryCredential("hubber", "dckr_pat_x")), env.credentialFor(repo("nginx"), Role.SOURCE));
    assertEquals(Optional.of(new RegistryCredential("hubber", "dckr_pat_x")), env.credentialFor(repo("index.docker.io/library/nginx"), Role.SOURCE));
    assertEquals(Optional.of(new RegistryCredential("octocat", "ghs_token")), env.credentialFor(repo("ghcr.io/org/app"), Role.SOURCE));
    assertTrue(env.credentialFor(repo("quay.io/org/app"), Role.SOURCE).isEmpty());
    WorkflowEnvironmentCredentials other = new WorkflowEnvironmentCredentials(Map.of(
        "ALIYUN_REGISTRY", "registry.cn-beijing.aliyuncs.com", "ALIYUN_REGISTRY_USER", "u2", "ALIYUN_REGISTRY_PASSWORD", "p2"));
    assertEquals(Optional.of(new RegistryCredential("u2", "p2")), other.credentialFor(repo("registry.cn-beijing.aliyuncs.com/x/y"), Role.DESTINATION));
  }

  @Test
  void aliyunVariablesFollowTheDestinationWhenAliyunRegistryIsUnset() {
    Map<String, String> skopeoWorkflow = Map.of("ALIYUN_USERNAME", "ali", "ALIYUN_PASSWORD", "ali-pass", "ALIYUN_NAMESPACE", "ns");
    WorkflowEnvironmentCredentials to = new WorkflowEnvironmentCredentials(skopeoWorkflow, Optional.of("mirror.example:5000"));
    RegistryCredential ali = new RegistryCredential("ali", "ali-pass");
    assertEquals(Optional.of(ali), to.credentialFor(repo("mirror.example:5000/ns/app"), Role.DESTINATION));
    assertTrue(to.credentialFor(repo("mirror.example:5000/ns/app"), Role.SOURCE).isEmpty(), "the --to rule is for the destination side");
    assertEquals(Optional.of(ali), to.credentialFor(repo("crpi-abc.cn-hangzhou.personal.cr.aliyuncs.com/ns/app"), Role.DESTINATION));
    assertEquals(Optional.of(ali), new WorkflowEnvironmentCredentials(skopeoWorkflow).credentialFor(
        repo("registry.cn-shanghai.aliyuncs.com/ns/app"), Role.DESTINATION), "any Alibaba Cloud registry");
    assertTrue(new WorkflowEnvironmentCredentials(skopeoWorkflow).credentialFor(repo("quay.io/ns/app"), Role.DESTINATION).isEmpty());
    assertTrue(new WorkflowEnvironmentCredentials(skopeoWorkflow).credentialFor(repo("evil-aliyuncs.com/ns/app"), Role.DESTINATION).isEmpty());
  }

  @Test
  void theDatabaseWorkflowsSecondRegistry() {
    WorkflowEnvironmentCredentials env = new WorkflowEnvironmentCredentials(Map.of(
        "MY_REGISTRY", "harbor.example.com", "MY_REGISTRY_USER", "robot", "MY_REGISTRY_PASSWORD", "robot-pass"));
    assertEquals(Optional.of(new RegistryCredential("robot", "robot-pass")), env.credentialFor(repo("harbor.example.com/lib/app"), Role.DESTINATION));
    assertTrue(env.credentialFor(repo("other.example.com/lib/app"), Role.DESTINATION).isEmpty());

    // copy into it, or sync --to it, with the Aliyun secrets set too and ALIYUN_REGISTRY not: its own pair.
    WorkflowEnvironmentCredentials to = new WorkflowEnvironmentCredentials(Map.of("MY_REGISTRY", "harbor.example.com/lib",
        "MY_REGISTRY_USER", "robot$lib+ci", "MY_REGISTRY_PASSWORD", "robot-pass", "ALIYUN_USERNAME", "ali", "ALIYUN_PASSWORD", "ali-pass"),
        Optional.of("harbor.example.com"));
    assertEquals(Optional.of(new RegistryCredential("robot$lib+ci", "robot-pass")), to.credentialFor(repo("harbor.example.com/lib/app"), Role.DESTINATION));
    WorkflowEnvironmentCredentials onlyMine = new WorkflowEnvironmentCredentials(Map.of("MY_REGISTRY", "harbor.example.com",
        "MY_REGISTRY_USER", "robot", "MY_REGISTRY_PASSWORD", "robot-pass"), Optional.of("harbor.example.com"));
    assertEquals(Optional.of(new RegistryCredential("robot", "robot-pass")), onlyMine.credentialFor(repo("harbor.example.com/lib/app"), Role.DESTINATION));
  }

  @Test
  void authFileKeysMatchByLongestPathPrefix() {
    PrefixCredentials auth = new PrefixCredentials(List.of(
        new PrefixCredentials.Entry("registry.cn-hangzhou.aliyuncs.com", Optional.of(new RegistryCredential("whole", "w-pass"))),
        new PrefixCredentials.Entry("registry.cn-hangzhou.aliyuncs.com/team", Optional.of(new RegistryCredential("team", "t-pass"))),
        new PrefixCredentials.Entry("https://index.docker.io/", Optional.of(new RegistryCredential("hub", "h-pass")))));
    assertEquals("team", auth.credentialFor(repo("registry.cn-hangzhou.aliyuncs.com/team/app"), Role.DESTINATION).orElseThrow().username());
    assertEquals("whole", auth.credentialFor(repo("registry.cn-hangzhou.aliyuncs.com/teamx/app"), Role.DESTINATION).orElseThrow().username());
    assertEquals("hub", auth.credentialFor(repo("nginx"), Role.SOURCE).orElseThrow().username());
    assertTrue(auth.credentialFor(repo("ghcr.io/team/app"), Role.SOURCE).isEmpty());
  }

  @Test
  void explicitFlagsApplyToTheirSideOnlyAndTheChainTakesTheFirst() {
    CredentialProvider chain = CredentialProvider.firstOf(List.of(
        new ExplicitCredentials(Optional.empty(), Optional.of(new RegistryCredential("flag", "f-pass"))),
        (repository, role) -> Optional.of(new RegistryCredential("fallback", "fb-pass"))));
    assertEquals("flag", chain.credentialFor(repo("r.example.com/a/b"), Role.DESTINATION).orElseThrow().username());
    assertEquals("fallback", chain.credentialFor(repo("r.example.com/a/b"), Role.SOURCE).orElseThrow().username());
    assertEquals("RegistryCredential[flag, ****]", new RegistryCredential("flag", "f-pass").toString());
  }
}
