package dev.imagesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  void cellsWithPipesAndLineBreaksSurviveARoundTrip() {
    MarkdownTable t = MarkdownTable.parse("# Title\n\n| A | B |\n|---|---|\n");
    t.rows.add(List.of("x|y", "line\nbreak \\ back"));
    String text = t.render();

    assertEquals("# Title\n\n| A | B |\n|---|---|\n| x\\|y | line break \\\\ back |\n", text);
    MarkdownTable again = MarkdownTable.parse(text);
    assertEquals(List.of("x|y", "line break \\ back"), again.rows.get(0));
  }

  @Test
  void textAroundTheTableIsKept() {
    String text = "intro\n| 源镜像 | 目标镜像 |\n|:--|--:|\n| a | b |\n\nfooter line\n";
    MarkdownTable t = MarkdownTable.parse(text);

    assertEquals(List.of("intro"), t.before);
    assertEquals(0, t.column("源镜像"));
    assertEquals(List.of("footer line"), t.after);
    assertEquals(text, t.render(), "the file's own separator (alignment included) stays");
  }

  @Test
  void aFileWithoutATableHasNone() {
    assertFalse(MarkdownTable.parse("just words\n").hasTable());
  }
}
