package dev.imagesync.registry;

/**
 * What stopping a run found: {@code inFlight} uploads whose sessions were cancelled, {@code
 * confirmed} of them confirmed gone by their registries (the rest are left to the registries'
 * own clean-up).
 */
public record CancelledUploads(int inFlight, int confirmed) {}
