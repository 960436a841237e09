package dev.imagesync.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each {@link TestRegistry} parameter of a test a fresh, real registry, and stops them all
 * when the test ends.
 */
public final class RegistryExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RegistryExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == TestRegistry.class;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    List<TestRegistry> started =
        (List<TestRegistry>) c.getStore(NS).getOrComputeIfAbsent("registries", k -> new ArrayList<TestRegistry>());
    TestRegistry registry = p.isAnnotated(BasicAuth.class)
        ? TestRegistry.startWithBasicAuth(BasicAuth.USER, BasicAuth.PASSWORD)
        : TestRegistry.start();
    started.add(registry);
    return registry;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterEach(ExtensionContext c) {
    List<TestRegistry> started = (List<TestRegistry>) c.getStore(NS).remove("registries");
    if (started != null) {
      started.forEach(TestRegistry::close);
    }
  }
}
