package dev.imagesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImagesJsonReaderTest {

  @TempDir Path tmp;

  private final ImagesJsonReader reader = new ImagesJsonReader(new Destination("registry.cn-hangzhou.aliyuncs.com", Optional.of("myns")));

  private Path write(String content) throws IOException {
    Path f = tmp.resolve("images.json");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void readsTheSeedWorkflowFormat() throws IOException {
    Path f = write("""
        [
            {
                "source": "nginx:latest",
                "target": "nginx",
                "tags": ["latest"],
                "architectures": ["amd64", "arm64"]
            },
            {
                "source": "vllm/vllm-openai:v0.11.0",
                "target": "vllm-openai",
                "tags": ["v0.11.0", "latest"],
                "architectures": ["amd64", "arm64"]
            },
            {
                "source": "ghcr.io/open-webui/open-webui:main",
                "target": "open-webui",
                "tags": ["main", "latest"],
                "architectures": ["amd64", "arm/v7"]
            }
        ]
        """);
    List<SyncJob> jobs = reader.read(f);
    assertEquals(3, jobs.size());
    SyncJob vllm = jobs.get(1);
    assertEquals("docker.io/vllm/vllm-openai:v0.11.0", vllm.source().toString());
    assertEquals("registry.cn-hangzhou.aliyuncs.com/myns/vllm-openai:latest", vllm.target("latest").toString());
    assertEquals(List.of("v0.11.0", "latest"), vllm.tags());
    assertEquals("[linux/amd64, linux/arm/v7]", jobs.get(2).platforms().toString());
    assertEquals(f + ":8", vllm.origin());
  }

  @Test
  void defaultsTargetTagsAndArchitectures() throws IOException {
    SyncJob job = reader.read(write("[{\"source\": \"bitnami/redis:7.2\"}]")).get(0);
    assertEquals("registry.cn-hangzhou.aliyuncs.com/myns/redis", job.destination().toString());
    assertEquals(List.of("7.2"), job.tags());
    assertTrue(job.platforms().isEmpty());
    assertEquals(List.of("latest"), reader.read(write("[{\"source\": \"redis\"}]")).get(0).tags());
  }

  static Stream<Arguments> badInputs() {
    String ok = "\"source\": \"nginx:1.25\"";
    return Stream.of(
        Arguments.of("", "images.json: the file is empty"),
        Arguments.of("   \n", "images.json: the file is empty"),
        Arguments.of("{\"source\": \"nginx\"}", "images.json:1:1: expected a JSON array of images"),
        Arguments.of("[]", "images.json: the list has no images"),
        Arguments.of("[{" + ok + "},]", "images.json:1:27: invalid JSON: Unexpected character"),
        Arguments.of("[{" + ok + "}", "images.json:1:26: invalid JSON: Unexpected end-of-input: expected close marker for Array"),
        Arguments.of("[{'source': 'nginx'}]", "images.json:1:3: invalid JSON"),
        Arguments.of("[\n  {" + ok + "}\n]\n[]", "images.json:4:1: unexpected content after the array"),
        Arguments.of("[\"nginx\"]", "images.json:1:2: entry 1: expected an object, found a string"),
        Arguments.of("[{\"target\": \"x\"}]", "images.json:1:2: entry 1: 'source' is missing"),
        Arguments.of("[{\"source\": 5}]", "images.json:1:13: entry 1: 'source' must be a string, found a number"),
        Arguments.of("[{\"source\": \"\"}]", "images.json:1:13: entry 1: 'source' is empty"),
        Arguments.of("[{\"source\": null}]", "images.json:1:13: entry 1: 'source' must be a string, found null"),
        Arguments.of("[{\"source\": \"https://ghcr.io/a/b:1\"}]", "images.json:1:13: entry 1: 'source': image reference 'https://ghcr.io/a/b:1' has a URL scheme"),
        Arguments.of("[{\"source\": \"my app:1\"}]", "images.json:1:13: entry 1: 'source': image reference 'my app:1' contains white space"),
        Arguments.of("[{\"source\": \"Nginx\"}]", "images.json:1:13: entry 1: 'source': image reference 'Nginx' has an invalid repository name"),
        Arguments.of("[{\"source\": \"nginx@sha256:" + "a".repeat(64) + "\"}]", "entry 1: 'source' is pinned by digest; give 'tags'"),
        Arguments.of("[{" + ok + ", \"tags\": \"latest\"}]", "images.json:1:35: entry 1: 'tags' must be an array of strings, found a string"),
        Arguments.of("[{" + ok + ", \"tags\": []}]", "images.json:1:2: entry 1: 'tags' is empty"),
        Arguments.of("[{" + ok + ", \"tags\": [1]}]", "images.json:1:36: entry 1: 'tags' must be a string, found a number"),
        Arguments.of("[{" + ok + ", \"tags\": [\"" + "t".repeat(129) + "\"]}]", "entry 1: 'tags': a tag of 129 characters (at most 128)"),
        Arguments.of("[{" + ok + ", \"tags\": [\"-x\"]}]", "entry 1: 'tags': '-x' is not a valid tag"),
        Arguments.of("[{" + ok + ", \"architectures\": [\"amd65\"]}]", "images.json:1:44: entry 1: 'architectures': unknown architecture 'amd65'"),
        Arguments.of("[{" + ok + ", \"architectures\": []}]", "entry 1: 'architectures' is empty"),
        Arguments.of("[{" + ok + ", \"architectures\": \"amd64\"}]", "entry 1: 'architectures' must be an array of strings"),
        Arguments.of("[{" + ok + ", \"target\": \"My App\"}]", "images.json:1:37: entry 1: 'target': 'My App' is not a valid repository name"),
        Arguments.of("[{" + ok + ", \"target\": \"nginx:1.25\"}]", "entry 1: 'target': 'nginx:1.25' is not a valid repository name"),
        Arguments.of("[{" + ok + ", \"tag\": [\"x\"]}]", "images.json:1:27: entry 1: unknown field 'tag' (known: source, target, tags, architectures)"),
        Arguments.of("[{" + ok + ", " + ok + "}]", "images.json:1:27: entry 1: field 'source' appears twice"),
        Arguments.of("[{" + ok + "},\n {\"source\": \"x\", \"source2\": 1}]", "images.json:2:18: entry 2: unknown field 'source2'"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsOneLineNamingFileLineAndField(String content, String expected) throws IOException {
    Path f = write(content);
    InputException e = assertThrows(InputException.class, () -> reader.read(f));
    String message = e.getMessage().replace(tmp.toString() + "/", "");
    assertTrue(message.startsWith(expected) || message.contains(expected), "got: " + message);
    assertFalse(message.contains("\n") || message.contains("[Source"), message);
  }

  @Test
  void unreadableFilesAreNamed() throws IOException {
    assertEquals(tmp.resolve("nope.json") + ": no such file",
        assertThrows(InputException.class, () -> reader.read(tmp.resolve("nope.json"))).getMessage());
    Path binary = tmp.resolve("bin.json");
    Files.write(binary, new byte[] {'[', 0, 1, 2, ']'});
    assertEquals(binary + ": is a binary file, not a list of images", assertThrows(InputException.class, () -> reader.read(binary)).getMessage());
    Path latin1 = tmp.resolve("latin1.json");
    Files.write(latin1, new byte[] {'[', '"', (byte) 0xe9, '"', ']'});
    assertEquals(latin1 + ": is not UTF-8 text", assertThrows(InputException.class, () -> reader.read(latin1)).getMessage());
    Path huge = tmp.resolve("huge.json");
    Files.write(huge, new byte[10 << 20]);
    assertTrue(assertThrows(InputException.class, () -> reader.read(huge)).getMessage().contains("is 10 MiB; an image list is at most 4 MiB"));
    assertTrue(assertThrows(InputException.class, () -> reader.read(tmp)).getMessage().contains("is a directory"));
  }

  @Test
  void twoSourcesOnOneDestinationTagIsAnInputError() throws IOException {
    List<SyncJob> jobs = reader.read(write("[\n{\"source\": \"nginx:1.25\", \"target\": \"web\", \"tags\": [\"latest\"]},\n"
        + "{\"source\": \"httpd:2\", \"target\": \"web\", \"tags\": [\"stable\", \"latest\"]}\n]"));
    InputException e = assertThrows(InputException.class, () -> JobListValidator.validate(jobs));
    assertEquals(tmp.resolve("images.json") + ":3: docker.io/library/httpd:2 and docker.io/library/nginx:1.25 ("
        + tmp.resolve("images.json") + ":2) both go to registry.cn-hangzhou.aliyuncs.com/myns/web:latest", e.getMessage());
  }

  @Test
  void theSameSourceTwiceIsCopiedOnce() throws IOException {
    List<SyncJob> jobs = JobListValidator.validate(reader.read(write(
        "[{\"source\": \"nginx:1.25\", \"tags\": [\"1.25\", \"latest\"]}, {\"source\": \"nginx:1.25\", \"tags\": [\"latest\", \"stable\"]}]")));
    assertEquals(2, jobs.size());
    assertEquals(List.of("stable"), jobs.get(1).tags());
  }

  @Test
  void destinationFromFlagOrEnvironment() {
    assertEquals("127.0.0.1:5002/ns", Destination.resolve("127.0.0.1:5002/ns/", Map.of()).toString());
    assertEquals("registry.cn-hangzhou.aliyuncs.com/team",
        Destination.resolve(null, Map.of("ALIYUN_REGISTRY", "registry.cn-hangzhou.aliyuncs.com", "ALIYUN_NAMESPACE", "team")).toString());
    assertEquals("ghcr.io", Destination.resolve(null, Map.of("ALIYUN_REGISTRY", "ghcr.io")).toString());
    assertTrue(assertThrows(InputException.class, () -> Destination.resolve(null, Map.of())).getMessage().startsWith("no destination"));
    assertTrue(assertThrows(InputException.class, () -> Destination.resolve("https://ghcr.io/x", Map.of())).getMessage().contains("URL scheme"));
    assertTrue(assertThrows(InputException.class, () -> Destination.resolve("myns", Map.of())).getMessage().contains("does not start with a registry host"));
    assertTrue(assertThrows(InputException.class, () -> Destination.resolve("ghcr.io/My NS", Map.of())).getMessage().startsWith("--to:"));
  }
}
