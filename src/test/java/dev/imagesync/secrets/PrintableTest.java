package dev.imagesync.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void controlCharactersAreWrittenOut() {
    assertEquals("lib/app\\ncopied  evil -> x", Printable.escaped("lib/app\ncopied  evil -> x"));
    assertEquals("a\\r\\tb\\x1b[31mred\\x7f\\u009b", Printable.escaped("a\r\tb\u001b[31mred\u007f\u009b"));
  }

  @Test
  void plainTextIsLeftAsItIs() {
    String text = "registry.cn-hangzhou.aliyuncs.com/ns/nginx:1.25 — ü 镜像";
    assertSame(text, Printable.escaped(text));
  }
}
