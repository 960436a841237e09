package dev.imagesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesync.registry.RegistryCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auth.yaml fills in {@code ${VAR}} only: Harbor's robot accounts ({@code robot$proj+ci}) and
 * passwords with a {@code $} are taken as written, even when a variable of that name exists.
 */
class AuthFileReaderTest {

  @TempDir Path dir;

  private Optional<RegistryCredential> credential(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("auth.yaml"), yaml);
    return AuthFileReader.read(file, env).entries().get(0).credential();
  }

  @Test
  void aBareDollarIsItselfAndBracedVariablesAreFilledIn() throws Exception {
    Map<String, String> env = Map.of("proj", "SHOULD-NOT-APPEAR", "HARBOR_PASSWORD", "s3cr$t");
    assertEquals(Optional.of(new RegistryCredential("robot$proj+ci", "s3cr$t")),
        credential("harbor.example.com:\n  username: robot$proj+ci\n  password: ${HARBOR_PASSWORD}\n", env));
    assertEquals(Optional.of(new RegistryCredential("u", "pa$$word${x}$")),
        credential("r.example.com:\n  username: u\n  password: 'pa$$word$${x}$'\n", env));
  }

  @Test
  void anUnsetVariableIsOneLineNamingThePlace() {
    InputException e = assertThrows(InputException.class,
        () -> credential("r.example.com:\n  username: u\n  password: ${NOT_SET_HERE}\n", Map.of()));
    assertEquals(dir.resolve("auth.yaml") + ":3:13: variable NOT_SET_HERE is not set", e.getMessage());
  }
}
