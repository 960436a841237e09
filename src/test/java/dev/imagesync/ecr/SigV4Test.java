package dev.imagesync.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signer against AWS's own published example (IAM ListUsers, docs.aws.amazon.com/general/latest/gr/sigv4-create-canonical-request.html and its follow-ups). */
class SigV4Test {

  @Test
  void awssOwnExampleSignsAsDocumented() {
    SigV4 signer = new SigV4("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.empty(), "us-east-1", "iam");
    Map<String, String> headers = signer.sign("GET", URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), "".getBytes(StandardCharsets.UTF_8),
        Instant.parse("2015-08-30T12:36:00Z"));
    assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date,"
        + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", headers.get("Authorization"));
  }
}
