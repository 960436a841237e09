package dev.imagesync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a markdown list of images, as {@code upload/images.md} keeps them: one source per line,
 * bare ({@code redis:alpine}) or as a bullet ({@code - nginx:latest}), optionally in backticks.
 * Headings, blank lines, {@code <!-- comments -->} and fenced-code markers are ignored. No tag
 * means {@code latest}, as docker reads it.
 */
final class ImagesMarkdownReader {

  private ImagesMarkdownReader() {}

  static List<SyncRule> read(String name, String text, Naming naming) {
    List<SyncRule> rules = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    boolean inComment = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = name + ":" + (i + 1);
      // HTML comments may span lines; everything inside them is ignored.
      StringBuilder kept = new StringBuilder();
      int pos = 0;
      while (pos < line.length()) {
        if (inComment) {
          int end = line.indexOf("-->", pos);
          if (end < 0) {
            pos = line.length();
          } else {
            inComment = false;
            pos = end + 3;
          }
        } else {
          int start = line.indexOf("<!--", pos);
          if (start < 0) {
            kept.append(line, pos, line.length());
            pos = line.length();
          } else {
            kept.append(line, pos, start);
            inComment = true;
            pos = start + 4;
          }
        }
      }
      String t = kept.toString().strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith("```") || t.startsWith("~~~")) {
        continue;
      }
      int column = line.indexOf(t.charAt(0)) + 1;
      t = t.replaceFirst("^([-*+]|\\d+[.)])\\s+", "");
      if (t.length() >= 2 && t.startsWith("`") && t.endsWith("`")) {
        t = t.substring(1, t.length() - 1).strip();
      }
      if (t.isEmpty()) {
        continue; // an empty bullet
      }
      rules.add(ImageLines.rule(t, where + ":" + column, where, "", naming));
    }
    if (inComment) {
      throw new InputException(name + ": a '<!--' comment is never closed");
    }
    if (rules.isEmpty()) {
      throw new InputException(name + ": no images listed (one image per line, e.g. nginx:1.25)");
    }
    return rules;
  }
}
