package dev.imagesync.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.imagesync.secrets.Secrets;

/** Logback's pattern layout, with every formatted line (stack traces included) passed through {@link Secrets#redact}. */
public final class RedactingLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    return Secrets.redact(super.doLayout(event));
  }
}
