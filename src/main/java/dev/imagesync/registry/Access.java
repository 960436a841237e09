package dev.imagesync.registry;

/** What imagesync will do with a repository: read it (source) or write it (destination). */
public enum Access {
  PULL("pull"),
  PUSH("pull,push"),
  /** Listing a registry's repositories ({@code /v2/_catalog}). */
  CATALOG("*");

  private final String actions;

  Access(String actions) {
    this.actions = actions;
  }

  /** The token scope for {@code repository} (distribution's token specification). */
  String scope(String repository) {
    return this == CATALOG ? "registry:catalog:*" : "repository:" + repository + ":" + actions;
  }
}
