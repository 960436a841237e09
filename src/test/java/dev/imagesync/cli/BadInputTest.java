package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake a user can make in an input gets one line on stderr naming where and what, exit
 * code 2, and no stack trace; nothing is copied. The destination is a closed port: input that
 * slipped through would fail later with exit 1, not 2.
 */
class BadInputTest {

  private static final String OK = "\"source\": \"nginx:1.25\"";
  private static final String CLOSED = "127.0.0.1:1/ns";

  @TempDir Path tmp;

  record Outcome(int exit, String out, String err) {}

  static Outcome cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
    return new Outcome(exit, out.toString(), err.toString());
  }

  /** name of the file, its content, and the message expected after "imagesync: FILE". */
  static Stream<Arguments> badFiles() {
    return Stream.of(
        // images.json
        Arguments.of("images.json", "", ": the file is empty"),
        Arguments.of("images.json", "  \n\n", ": the file is empty"),
        Arguments.of("images.json", "[]", ":1:1: the list has no images"),
        Arguments.of("images.json", "[{" + OK + "},]", ":1:27: invalid JSON: Unexpected character"),
        Arguments.of("images.json", "[{" + OK + "}", ":1:26: invalid JSON: Unexpected end-of-input"),
        Arguments.of("images.json", "[{'source': 'nginx'}]", ":1:3: invalid JSON"),
        Arguments.of("images.json", "[\n  {" + OK + "}\n]\n[]", ":4:1: unexpected content after the end of the document"),
        Arguments.of("images.json", "[\"nginx\"]", ":1:2: entry 1: expected an object, found a string"),
        Arguments.of("images.json", "[{\"target\": \"x\"}]", ":1:2: entry 1: 'source' is missing"),
        Arguments.of("images.json", "[{\"source\": 5}]", ":1:13: entry 1: 'source' must be a string, found a number"),
        Arguments.of("images.json", "[{\"source\": \"\"}]", ":1:13: entry 1: 'source' is empty"),
        Arguments.of("images.json", "[{\"source\": null}]", ":1:13: entry 1: 'source' must be a string, found nothing (null)"),
        Arguments.of("images.json", "[{\"source\": [\"nginx\"]}]", ":1:13: entry 1: 'source' must be a string, found a list"),
        Arguments.of("images.json", "[{\"source\": \"https://ghcr.io/a/b:1\"}]", ":1:13: entry 1: 'source': image reference 'https://ghcr.io/a/b:1' has a URL scheme"),
        Arguments.of("images.json", "[{\"source\": \"my app:1\"}]", ":1:13: entry 1: 'source': image reference 'my app:1' contains white space"),
        Arguments.of("images.json", "[{\"source\": \"Nginx\"}]", ":1:13: entry 1: 'source': image reference 'Nginx' has an invalid repository name"),
        Arguments.of("images.json", "[{\"source\": \"nginx:1.25:x\"}]", ":1:13: entry 1: 'source': image reference 'nginx:1.25:x' has an invalid"),
        Arguments.of("images.json", "[{\"source\": \"nginx@sha256:" + "a".repeat(64) + "\"}]", ":1:13: entry 1: 'source' is pinned by digest; give 'tags'"),
        Arguments.of("images.json", "[{\"source\": \"nginx@sha256:abc\"}]", ":1:13: entry 1: 'source': image reference 'nginx@sha256:abc' has an invalid digest"),
        Arguments.of("images.json", "[{" + OK + ", \"tags\": \"latest\"}]", ":1:35: entry 1: 'tags' must be a list of strings, found a string"),
        Arguments.of("images.json", "[{" + OK + ", \"tags\": []}]", ":1:35: entry 1: 'tags' is empty"),
        Arguments.of("images.json", "[{" + OK + ", \"tags\": [1]}]", ":1:36: entry 1: 'tags' entries must be a string, found a number"),
        Arguments.of("images.json", "[{" + OK + ", \"tags\": [\"" + "t".repeat(129) + "\"]}]", ":1:35: entry 1: 'tags': a tag of 129 characters (at most 128)"),
        Arguments.of("images.json", "[{" + OK + ", \"tags\": [\"-x\"]}]", ":1:35: entry 1: 'tags': '-x' is not a valid tag"),
        Arguments.of("images.json", "[{" + OK + ", \"tags\": [\"a b\"]}]", ":1:35: entry 1: 'tags': 'a b' is not a valid tag"),
        Arguments.of("images.json", "[{" + OK + ", \"architectures\": [\"amd65\"]}]", ":1:44: entry 1: 'architectures': unknown architecture 'amd65'"),
        Arguments.of("images.json", "[{" + OK + ", \"architectures\": []}]", ":1:44: entry 1: 'architectures' is empty"),
        Arguments.of("images.json", "[{" + OK + ", \"architectures\": \"amd64\"}]", ":1:44: entry 1: 'architectures' must be a list of strings"),
        Arguments.of("images.json", "[{" + OK + ", \"architectures\": [\"arm/v 7\"]}]", ":1:44: entry 1: 'architectures': invalid variant"),
        Arguments.of("images.json", "[{" + OK + ", \"target\": \"nginx:1.25\"}]", ":1:37: 'target' is a repository name without tag or digest"),
        Arguments.of("images.json", "[{" + OK + ", \"target\": \"!!!\"}]", ":1:37: '!!!' is not a usable repository name"),
        Arguments.of("images.json", "[{" + OK + ", \"tag\": [\"x\"]}]", ":1:27: entry 1: unknown field 'tag'"),
        Arguments.of("images.json", "[{" + OK + ", " + OK + "}]", ":1:27: entry 1: field 'source' appears twice"),
        Arguments.of("images.json", "[{\"source\": \"nginx\", \"tagPattern\": \"(unclosed\"}]", ":1:36: entry 1: 'tagPattern' '(unclosed' is not a valid regular expression"),
        Arguments.of("images.json", "[{\"source\": \"nginx\", \"semver\": \">=one\"}]", ":1:32: entry 1: 'semver': '>=one' in version range '>=one' is not a comparator"),
        Arguments.of("images.json", "[{\"source\": \"nginx\", \"newest\": 0}]", ":1:32: entry 1: 'newest' must be a whole number from 1"),
        Arguments.of("images.json", "[{\"source\": \"nginx\", \"allTags\": \"yes\"}]", ":1:33: entry 1: 'allTags' must be true or false"),
        Arguments.of("images.json", "[{" + OK + ", \"newest\": 2}]", ":1:13: entry 1: 'source' names a tag or digest, and the entry also selects tags"),
        Arguments.of("images.json", "[{\"source\": \"nginx\", \"newest\": 2, \"tags\": [\"x\"]}]", ":1:43: entry 1: 'tags' renames one source tag; it cannot go with a tag selection"),
        // images.md
        Arguments.of("images.md", "# only a heading\n\n<!-- nginx -->\n", ": no images listed"),
        Arguments.of("images.md", "nginx:latest\nmy image:1\n", ":2:1: image reference 'my image:1' contains white space"),
        Arguments.of("images.md", "- https://docker.io/library/nginx\n", ":1:1: image reference 'https://docker.io/library/nginx' has a URL scheme"),
        Arguments.of("images.md", "nginx\n  Redis:7\n", ":2:3: image reference 'Redis:7' has an invalid repository name"),
        Arguments.of("images.md", "nginx\n<!-- open comment\nredis\n", ": a '<!--' comment is never closed"),
        Arguments.of("images.md", "| image |\n|---|\n", ":1:1: image reference '| image |' contains white space"),
        Arguments.of("images.md", "nginx@sha256:" + "b".repeat(64) + "\n", ":1:1: 'nginx@sha256:" + "b".repeat(64) + "' is pinned by digest only"),
        // images.yaml
        Arguments.of("images.yaml", "docker.io/a/b: [\n", ":1:17: invalid YAML: while parsing a flow node"),
        Arguments.of("images.yaml", "- docker.io/a/b\n", ":1:1: expected a mapping of SOURCE: DESTINATION"),
        Arguments.of("images.yaml", "docker.io/a/b:\n", ":1:1: 'docker.io/a/b' has no destination"),
        Arguments.of("images.yaml", "docker.io/a/b: []\n", ":1:16: 'docker.io/a/b' has an empty list of destinations"),
        Arguments.of("images.yaml", "docker.io/a/b: 5\n", ":1:16: the destination of 'docker.io/a/b' must be a string, found a number"),
        Arguments.of("images.yaml", "docker.io/a/b:/[a-/: registry.local/b\n", ":1:1: tag pattern in 'docker.io/a/b:/[a-/' '[a-' is not a valid regular expression"),
        Arguments.of("images.yaml", "docker.io/a/b:v1,v2: registry.local/b:stable\n", ":1:22: destination 'registry.local/b:stable' names a tag, but 'docker.io/a/b:v1,v2' selects several tags"),
        Arguments.of("images.yaml", "docker.io/a/b: registry.local/b@sha256:" + "c".repeat(64) + "\n", ":1:16: destination 'registry.local/b@sha256:"),
        Arguments.of("images.yaml", "docker.io/a/b:newest(zero): registry.local/b\n", ":1:1: 'docker.io/a/b:newest(zero)': newest(N) takes a whole number from 1"),
        Arguments.of("images.yaml", "docker.io/a/b:v1,newest(2): registry.local/b\n", ":1:1: 'docker.io/a/b:v1,newest(2)' mixes plain tags with semver()/newest()"),
        Arguments.of("images.yaml", "https://docker.io/a/b: registry.local/b\n", ":1:1: source 'https://docker.io/a/b' has a URL scheme"),
        Arguments.of("images.yaml", "a: b\n---\nc: d\n", ":3:1: more than one YAML document"),
        Arguments.of("images.yaml", "services:\n  web:\n    image: nginx\n", ":1:1: this looks like a docker compose file; pass it with --compose"),
        // file problems
        Arguments.of("images.csv", "nginx\n", ": cannot tell the format from the file name"));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void badFileExitsTwoWithOneLine(String name, String content, String expected) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, content);
    assertOneLine(cli(Map.of(), "sync", f.toString(), "--to", CLOSED), "imagesync: " + f + expected);
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(List.of("--mapping", "nginx"), "imagesync: --mapping item 1 ('nginx'): no '=' (expected SOURCE=DESTINATION"),
        Arguments.of(List.of("--mapping", "nginx=a/b,redis"), "imagesync: --mapping item 2 ('redis'): no '='"),
        Arguments.of(List.of("--mapping", "nginx=a=b"), "imagesync: --mapping item 1 ('nginx=a=b'): more than one '='"),
        Arguments.of(List.of("--mapping", "=a/b"), "imagesync: --mapping item 1 ('=a/b'): the source is empty"),
        Arguments.of(List.of("--mapping", "nginx="), "imagesync: --mapping item 1 ('nginx='): the destination is empty"),
        Arguments.of(List.of("--mapping", "ng inx=a/b"), "imagesync: --mapping item 1 ('ng inx=a/b'): source: image reference 'ng inx' contains white space"),
        Arguments.of(List.of("--mapping", " , \n"), "imagesync: --mapping: no mappings"),
        Arguments.of(List.of("--format", "toml", "x.json"), "imagesync: --format: unknown format 'toml'"),
        Arguments.of(List.of("--jobs", "0", "--mapping", "a=b/c"), "imagesync: --jobs: must be between 1 and 64, got 0"),
        Arguments.of(List.of("--shard", "3/2", "--mapping", "a=b/c"), "imagesync: --shard: shard 3/2: expected I/N with 1 <= I <= N"),
        Arguments.of(List.of("--retries", "-1", "--mapping", "a=b/c"), "imagesync: --retries: must be between 0 and 100, got -1"),
        Arguments.of(List.of("--proxy", "socks5://user:pw@p:1080", "--mapping", "a=b/c"),
            "imagesync: --proxy: socks5:// proxies are not supported; give an HTTP proxy (http://host:port), which carries https:// through CONNECT"),
        Arguments.of(List.of("--proxy", "http://", "--mapping", "a=b/c"), "imagesync: --proxy: not a proxy URL (http://[user:password@]host[:port])"),
        Arguments.of(List.of("--to", "https://ghcr.io/x", "--mapping", "a=b/c"), "imagesync: --to: 'https://ghcr.io/x' has a URL scheme"),
        Arguments.of(List.of("--to", "myns", "--mapping", "a=b/c"), "imagesync: --to: 'myns' does not start with a registry host"),
        Arguments.of(List.of(), "imagesync: nothing to do: name image lists (FILE...), --mapping or --compose, or set DOCKER_SYNC_MAPPINGS"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsExitTwoWithOneLine(List<String> args, String expected) {
    List<String> all = new ArrayList<>(List.of("sync"));
    all.addAll(args);
    if (!args.contains("--to")) {
      all.addAll(List.of("--to", CLOSED));
    }
    assertOneLine(cli(Map.of(), all.toArray(String[]::new)), expected);
  }

  @Test
  void aProxyVariableThatCannotBeUsedIsNamed() {
    assertOneLine(cli(Map.of("HTTPS_PROXY", "http://alice:s3cret@proxy.corp:99999"), "sync", "--mapping", "a=b/c", "--to", CLOSED),
        "imagesync: HTTPS_PROXY: port out of range");
  }

  @Test
  void missingBinaryHugeAndNonUtf8Files() throws IOException {
    assertOneLine(cli(Map.of(), "sync", tmp.resolve("nope.json").toString(), "--to", CLOSED), "imagesync: " + tmp.resolve("nope.json") + ": no such file");
    Path binary = tmp.resolve("bin.json");
    Files.write(binary, new byte[] {'[', 0, 1, 2, ']'});
    assertOneLine(cli(Map.of(), "sync", binary.toString(), "--to", CLOSED), "imagesync: " + binary + ": is a binary file, not a list of images");
    Path latin1 = tmp.resolve("latin1.md");
    Files.write(latin1, new byte[] {'n', 'g', (byte) 0xe9});
    assertOneLine(cli(Map.of(), "sync", latin1.toString(), "--to", CLOSED), "imagesync: " + latin1 + ": is not UTF-8 text");
    Path huge = tmp.resolve("huge.json");
    Files.write(huge, new byte[10 << 20]);
    assertOneLine(cli(Map.of(), "sync", huge.toString(), "--to", CLOSED), "imagesync: " + huge + ": the file is 10 MiB; an image list is at most 4 MiB");
    assertOneLine(cli(Map.of(), "sync", tmp.toString(), "--to", CLOSED), "imagesync: " + tmp + ": cannot tell the format");
  }

  @Test
  void composeProblems() throws IOException {
    Path noServices = tmp.resolve("c1.yaml");
    Files.writeString(noServices, "version: '3'\n");
    assertOneLine(cli(Map.of(), "sync", "--compose", noServices.toString(), "--to", CLOSED), "imagesync: " + noServices + ":1:1: no 'services' in this compose file");
    Path unset = tmp.resolve("c2.yaml");
    Files.writeString(unset, "services:\n  api:\n    image: langgenius/dify-api:${DIFY_TAG}\n");
    assertOneLine(cli(Map.of(), "sync", "--compose", unset.toString(), "--to", CLOSED), "imagesync: " + unset + ":3:12: variable DIFY_TAG is not set");
    Path badImage = tmp.resolve("c3.yaml");
    Files.writeString(badImage, "services:\n  api:\n    image: Dify/API\n");
    assertOneLine(cli(Map.of(), "sync", "--compose", badImage.toString(), "--to", CLOSED), "imagesync: " + badImage + ":3:12: service 'api': image reference 'Dify/API'");
    Path noDestination = tmp.resolve("c4.yaml");
    Files.writeString(noDestination, "services:\n  api:\n    image: nginx\n");
    assertOneLine(cli(Map.of(), "sync", "--compose", noDestination.toString()), "imagesync: " + noDestination + ":3:12: no destination for this entry: pass --to");
  }

  @Test
  void badMappingVariableAndCopyArguments() {
    assertOneLine(cli(Map.of("DOCKER_SYNC_MAPPINGS", "nginx"), "sync", "--to", CLOSED),
        "imagesync: DOCKER_SYNC_MAPPINGS item 1 ('nginx'): no '='");
    assertOneLine(cli(Map.of(), "copy", "nginx:1.25", "Registry.Example.com/ns/nginx@sha256:" + "d".repeat(64)),
        "imagesync: DESTINATION: 'Registry.Example.com/ns/nginx@sha256:");
    assertOneLine(cli(Map.of(), "copy", "https://nginx", "127.0.0.1:1/x"), "imagesync: SOURCE: image reference 'https://nginx' has a URL scheme");
    assertOneLine(cli(Map.of(), "copy", "nginx", "127.0.0.1:1/x", "--arch", "sparc"), "imagesync: --arch: unknown architecture 'sparc'");
  }

  @Test
  void twoSourcesOnOneDestinationAcrossFiles() throws IOException {
    Path a = tmp.resolve("a.json");
    Files.writeString(a, "[{\"source\": \"nginx:1.25\", \"target\": \"web\"}]");
    Path b = tmp.resolve("b.md");
    Files.writeString(b, "httpd:1.25\n");
    Outcome kept = cli(Map.of(), "plan", a.toString(), b.toString(), "--to", CLOSED, "--keep-path");
    assertEquals(0, kept.exit(), "with --keep-path the two do not meet: " + kept);
    Files.writeString(b, "web:1.25\n");
    assertOneLine(cli(Map.of(), "sync", a.toString(), b.toString(), "--to", CLOSED),
        "imagesync: " + b + ":1: docker.io/library/web:1.25 and docker.io/library/nginx:1.25 (" + a + ":1) both go to 127.0.0.1:1/ns/web:1.25");
  }

  @Test
  void debugShowsTheStackTrace() throws IOException {
    Path f = tmp.resolve("images.json");
    Files.writeString(f, "[]");
    Outcome o = cli(Map.of(), "sync", f.toString(), "--to", CLOSED, "--debug");
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("at dev.imagesync.config"), o.err());
  }

  private static void assertOneLine(Outcome o, String expectedStart) {
    assertEquals(2, o.exit(), o.toString());
    List<String> lines = Arrays.stream(o.err().split("\n")).filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "exactly one line: " + o.err());
    assertTrue(lines.get(0).startsWith(expectedStart), "expected start: " + expectedStart + "\n          got: " + lines.get(0));
    assertFalse(o.err().contains("\tat "), "no stack trace");
    assertEquals("", o.out());
  }
}
