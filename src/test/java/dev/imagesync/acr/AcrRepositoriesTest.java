package dev.imagesync.acr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.ProxySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcrRepositoriesTest {

  private static Optional<AcrRepositories> from(Map<String, String> env, String create) {
    return AcrRepositories.from(env, Optional.ofNullable(create), Optional.empty(), ProxySettings.DIRECT, Duration.ofSeconds(5));
  }

  @Test
  void theRegionIsInTheRegistrysHost() {
    assertEquals(Optional.of("cn-hangzhou"), AcrRepositories.regionOf("registry.cn-hangzhou.aliyuncs.com"));
    assertEquals(Optional.of("cn-shanghai"), AcrRepositories.regionOf("registry-vpc.cn-shanghai.aliyuncs.com"));
    assertEquals(Optional.of("cn-beijing"), AcrRepositories.regionOf("myco-registry.cn-beijing.cr.aliyuncs.com"));
    assertEquals(Optional.empty(), AcrRepositories.regionOf("ghcr.io"));
  }

  @Test
  void onWhenTheWorkflowsVariablesAreThereOrTheFlagAsks() {
    Map<String, String> keys = Map.of("ALIYUN_ACCESS_KEY_ID", "id", "ALIYUN_ACCESS_KEY_SECRET", "secret");
    assertTrue(from(Map.of(), null).isEmpty(), "nothing set: nothing created");
    assertTrue(from(keys, null).isEmpty(), "keys without a region: not the workflow's step");
    Map<String, String> withRegistry = new java.util.HashMap<>(keys);
    withRegistry.put("ALIYUN_REGISTRY", "registry.cn-hangzhou.aliyuncs.com");
    from(withRegistry, null).orElseThrow().close();
    assertTrue(from(withRegistry, "off").isEmpty());
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> from(Map.of("ALIYUN_REGION", "cn-hangzhou"), "public"));
    assertTrue(noKey.getMessage().contains("ALIYUN_ACCESS_KEY_ID"), noKey.getMessage());
    assertThrows(IllegalArgumentException.class, () -> from(withRegistry, "publik"));
  }
}
