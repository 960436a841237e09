package dev.imagesync.secrets;

/**
 * Text from outside (a queue row's name, a registry's error body, a line of a list file) as it may
 * be printed: its control characters escaped, so that it can neither start a line of its own
 * that reads like imagesync's, nor move the cursor or colour the terminal. {@code \n} {@code \r}
 * {@code \t} are written as such, any other control character as {@code \x1b} or {@code \u009b}.
 */
public final class Printable {

  private Printable() {}

  public static String escaped(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c)) {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      }
    }
    return b == null ? text : b.toString();
  }
}
