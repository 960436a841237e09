package dev.imagesync.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** On a {@link TestRegistry} parameter: the registry requires basic auth ({@link #USER} / {@link #PASSWORD}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface BasicAuth {
  String USER = "mirror-bot";
  /** Distinctive, so that a leak test can search every output for it. */
  String PASSWORD = "Pa55-imagesync-SECRET-7Qx";
}
