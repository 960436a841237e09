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
