package dev.imagesync.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A markdown file holding one pipe table, as the workflows keep their records: the lines before
 * the table (a title), the header row, the data rows, and any lines after it, all kept as they
 * were. Cells are unescaped when read ({@code \|}) and escaped when written.
 */
final class MarkdownTable {

  final List<String> before = new ArrayList<>();
  List<String> header = new ArrayList<>();
  /** The separator line as the file wrote it ({@code |-----|:---:|}), or null for a new table. */
  String separator;
  final List<List<String>> rows = new ArrayList<>();
  final List<String> after = new ArrayList<>();

  /** Reads {@code text}; without a table, everything is kept as text before the (new) table. */
  static MarkdownTable parse(String text) {
    MarkdownTable t = new MarkdownTable();
    List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1));
    int i = 0;
    while (i < lines.size() && !(isRow(lines.get(i)) && i + 1 < lines.size() && isSeparator(lines.get(i + 1)))) {
      t.before.add(lines.get(i++));
    }
    if (i == lines.size()) {
      trimTrailingBlank(t.before);
      return t;
    }
    t.header = cells(lines.get(i));
    t.separator = lines.get(i + 1);
    i += 2;
    while (i < lines.size() && isRow(lines.get(i))) {
      t.rows.add(cells(lines.get(i++)));
    }
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++; // render() puts one blank line back between the table and what follows
    }
    while (i < lines.size()) {
      t.after.add(lines.get(i++));
    }
    trimTrailingBlank(t.after);
    return t;
  }

  boolean hasTable() {
    return !header.isEmpty();
  }

  /** The index of the first header cell that names one of {@code names} (any case), or -1. */
  int column(String... names) {
    for (int c = 0; c < header.size(); c++) {
      String h = header.get(c).replace("`", "").trim().toLowerCase(Locale.ROOT);
      for (String n : names) {
        if (h.equals(n.toLowerCase(Locale.ROOT))) {
          return c;
        }
      }
    }
    return -1;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    for (String line : before) {
      out.append(line).append('\n');
    }
    out.append(row(header)).append('\n');
    // The file's own separator stays (its dashes and alignment), as long as the columns are the same.
    if (separator != null && cells(separator).size() == header.size()) {
      out.append(separator).append('\n');
    } else {
      StringBuilder line = new StringBuilder("|");
      for (int c = 0; c < header.size(); c++) {
        line.append("---|");
      }
      out.append(line).append('\n');
    }
    for (List<String> r : rows) {
      List<String> padded = new ArrayList<>(r);
      while (padded.size() < header.size()) {
        padded.add("");
      }
      out.append(row(padded.subList(0, header.size()))).append('\n');
    }
    if (!after.isEmpty()) {
      out.append('\n');
      for (String line : after) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** A cell's text made safe for a table: pipes escaped, line breaks and control characters out. */
  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n\\t\\x00-\\x1f]+", " ").strip();
  }

  private static String row(List<String> cells) {
    StringBuilder b = new StringBuilder("|");
    for (String c : cells) {
      b.append(' ').append(escape(c)).append(" |");
    }
    return b.toString();
  }

  private static boolean isRow(String line) {
    return line.strip().startsWith("|");
  }

  private static boolean isSeparator(String line) {
    return line.strip().matches("\\|?\\s*:?-{1,}:?\\s*(\\|\\s*:?-{1,}:?\\s*)*\\|?");
  }

  /** The cells of a row, unescaped. */
  static List<String> cells(String line) {
    String s = line.strip();
    if (s.startsWith("|")) {
      s = s.substring(1);
    }
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean closed = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '|' || s.charAt(i + 1) == '\\')) {
        cell.append(s.charAt(++i));
        closed = false;
      } else if (ch == '|') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
        closed = true;
      } else {
        cell.append(ch);
        closed = false;
      }
    }
    if (!closed || cell.length() > 0) {
      String last = cell.toString().strip();
      if (!last.isEmpty() || !closed) {
        cells.add(last);
      }
    }
    return cells;
  }

  private static void trimTrailingBlank(List<String> lines) {
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
  }
}
