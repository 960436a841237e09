package dev.imagesync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault trial of bench/faults.sh (not a test: a measurement). Seeds IMAGES multi-arch images
 * in a local source registry; for each fault rate, each side (source, destination) and each seed,
 * puts a {@link FaultProxy} on that side and runs {@code imagesync sync} with default flags into a
 * fresh namespace; counts the images that arrived with the source's digest, the time, and the
 * faults injected. Prints a markdown table.
 *
 * <p>Usage: {@code FaultTrial JAR IMAGES SEEDS RATE...} (e.g. {@code target/imagesync.jar 30 5 0.10 0.25}).
 */
public final class FaultTrial {

  private FaultTrial() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int count = Integer.parseInt(args[1]);
    int seeds = Integer.parseInt(args[2]);
    List<Double> rates = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      rates.add(Double.parseDouble(args[i]));
    }
    try (TestRegistry source = TestRegistry.start(); TestRegistry destination = TestRegistry.start()) {
      RawRegistry src = new RawRegistry(source);
      RawRegistry dst = new RawRegistry(destination);
      TestImages images = new TestImages(src);
      Map<String, String> digests = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String repo = "trial/app" + i;
        digests.put(repo, images.multiArch(repo, "v1", i % 2 == 0, "trial-" + i, 2, 60_000, "linux/amd64", "linux/arm64").digest());
      }
      System.out.println("| faults | side | trial (seed) | arrived, same digest | exit | seconds | faults injected |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (double rate : rates) {
        for (String side : List.of("source", "destination")) {
          for (int seed = 1; seed <= seeds; seed++) {
            String ns = "t" + Math.round(rate * 100) + side.charAt(0) + seed;
            try (FaultProxy proxy = new FaultProxy(side.equals("source") ? source.address() : destination.address(), rate, seed)) {
              String from = side.equals("source") ? proxy.address() : source.address();
              String to = side.equals("source") ? destination.address() : proxy.address();
              Path dir = Files.createTempDirectory("fault-trial");
              StringBuilder list = new StringBuilder();
              digests.keySet().forEach(repo -> list.append(from).append('/').append(repo).append(":v1\n"));
              Files.writeString(dir.resolve("images.md"), list);
              long start = System.nanoTime();
              Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                  "sync", "images.md", "--to", to + "/" + ns, "--quiet")
                  .directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
              int exit = p.waitFor();
              double seconds = (System.nanoTime() - start) / 1e9;
              int arrived = 0;
              for (Map.Entry<String, String> image : digests.entrySet()) {
                String mirror = ns + "/" + image.getKey().substring(image.getKey().indexOf('/') + 1);
                if (dst.getManifest(mirror, "v1").map(RawRegistry.Fetched::digest).filter(image.getValue()::equals).isPresent()) {
                  arrived++;
                }
              }
              System.out.printf(java.util.Locale.ROOT, "| %d %% | %s | %d | %d/%d | %d | %.1f | %d |%n", Math.round(rate * 100), side, seed, arrived, count,
                  exit, seconds, proxy.total());
            }
          }
        }
      }
    }
  }
}
