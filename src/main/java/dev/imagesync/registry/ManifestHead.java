package dev.imagesync.registry;

import dev.imagesync.image.Digest;

/** What a manifest HEAD tells: the digest the registry holds under a reference, and its type. */
public record ManifestHead(Digest digest, String mediaType, long size) {}
